using System.Text.Json.Nodes;

namespace IncidentFunctions.Infra.Tests;

/// <summary>The Azure Monitor workbook (issue 15's dashboard): deployed beside Application Insights, its panels the file's.</summary>
public sealed class WorkbookInfraTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void The_workbook_is_a_shared_workbook_on_Application_Insights_with_the_dashboards_panels()
    {
        var workbook = Assert.Single(template.OfType("Microsoft.Insights/workbooks"));
        var properties = workbook["properties"]!;
        Assert.Equal("shared", workbook["kind"]!.GetValue<string>());
        Assert.Equal("IncidentFunctions", properties["displayName"]!.GetValue<string>());
        Assert.Contains("Microsoft.Insights/components", properties["sourceId"]!.GetValue<string>(), StringComparison.Ordinal);

        // loadTextContent puts the file in the template as it is: the same panels, still valid JSON.
        var deployed = JsonNode.Parse(CompiledTemplate.Value(workbook, properties["serializedData"]!.GetValue<string>()))!;
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "dashboards", "workbook.json")))!;
        Assert.True(JsonNode.DeepEquals(file, deployed));
        Assert.Equal("Notebook/1.0", deployed["version"]!.GetValue<string>());
    }
}
