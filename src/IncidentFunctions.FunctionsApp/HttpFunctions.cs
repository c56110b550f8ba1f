using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// HTTP bindings only: the Worker SDK needs the trigger as attributes, so each function restates its route from
/// RouteTable (a test holds functions.metadata to the table) and its body runs the table's handler of the same name.
/// Every function is anonymous at the host: the credentials are the app's to check, the same way on the local runtime
/// (integration keys, Twilio's and Slack's signatures by the handlers; on the incident API a personal token, the
/// platform's Entra ID principal or the admin key by RouteGate, so that tokens and people reach the app at all).
/// </summary>
public sealed class HttpFunctions
{
    [Function("AlertWebhook")]
    public Task<IActionResult> AlertWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/alerts/{format}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("PagerDutyEnqueue")]
    public Task<IActionResult> PagerDutyEnqueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v2/enqueue")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("OpsgenieCreateAlert")]
    public Task<IActionResult> OpsgenieCreateAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/alerts")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("OpsgenieGetAlert")]
    public Task<IActionResult> OpsgenieGetAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/alerts/{identifier}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("OpsgenieCloseAlert")]
    public Task<IActionResult> OpsgenieCloseAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/alerts/{identifier}/close")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("OpsgenieAcknowledgeAlert")]
    public Task<IActionResult> OpsgenieAcknowledgeAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/alerts/{identifier}/acknowledge")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("OpsgenieAddNote")]
    public Task<IActionResult> OpsgenieAddNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/alerts/{identifier}/notes")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("OpsgenieUpdateMessage")]
    public Task<IActionResult> OpsgenieUpdateMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/alerts/{identifier}/message")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("OpsgenieUpdateDescription")]
    public Task<IActionResult> OpsgenieUpdateDescription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/alerts/{identifier}/description")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("SmsInbound")]
    public Task<IActionResult> SmsInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sms/inbound")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("VoiceTwiml")]
    public Task<IActionResult> VoiceTwiml(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/voice/twiml")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("VoiceGather")]
    public Task<IActionResult> VoiceGather(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/voice/gather")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("VoiceStatus")]
    public Task<IActionResult> VoiceStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/voice/status")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("SlackCommand")]
    public Task<IActionResult> SlackCommand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/slack/commands")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("SlackInteractivity")]
    public Task<IActionResult> SlackInteractivity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/slack/interactivity")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("SlackEvents")]
    public Task<IActionResult> SlackEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/slack/events")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ListIncidents")]
    public Task<IActionResult> ListIncidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("GetIncident")]
    public Task<IActionResult> GetIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{id}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("AcknowledgeIncident")]
    public Task<IActionResult> AcknowledgeIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/ack")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("HandOver")]
    public Task<IActionResult> HandOver(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/lead")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("AddResponders")]
    public Task<IActionResult> AddResponders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/responders")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("SetScope")]
    public Task<IActionResult> SetScope(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/incidents/{id}/scope")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("ChangeSeverity")]
    public Task<IActionResult> ChangeSeverity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/incidents/{id}/severity")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("AddNote")]
    public Task<IActionResult> AddNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/notes")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("RecordAction")]
    public Task<IActionResult> RecordAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/actions")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("ListActions")]
    public Task<IActionResult> ListActions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{id}/actions")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("PostUpdate")]
    public Task<IActionResult> PostUpdate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/updates")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("ResolveIncident")]
    public Task<IActionResult> ResolveIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/resolve")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("GetPostmortem")]
    public Task<IActionResult> GetPostmortem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/incidents/{id}/postmortem")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("EditPostmortem")]
    public Task<IActionResult> EditPostmortem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/incidents/{id}/postmortem")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("CompletePostmortem")]
    public Task<IActionResult> CompletePostmortem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/postmortem/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("RecordOutcome")]
    public Task<IActionResult> RecordOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/actions/{actionId}/outcome")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("AlertFeedback")]
    public Task<IActionResult> AlertFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/incidents/{id}/alert-feedback")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ResponseReport")]
    public Task<IActionResult> ResponseReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/response")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("AlertReport")]
    public Task<IActionResult> AlertReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/alerts")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ListMaintenance")]
    public Task<IActionResult> ListMaintenance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/maintenance")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("CreateMaintenance")]
    public Task<IActionResult> CreateMaintenance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/maintenance")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("GetMaintenance")]
    public Task<IActionResult> GetMaintenance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/maintenance/{id}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("EndMaintenance")]
    public Task<IActionResult> EndMaintenance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/maintenance/{id}/end")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("ListHeartbeats")]
    public Task<IActionResult> ListHeartbeats(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/heartbeats")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("CreateHeartbeat")]
    public Task<IActionResult> CreateHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/heartbeats")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("GetHeartbeat")]
    public Task<IActionResult> GetHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/heartbeats/{name}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ChangeHeartbeat")]
    public Task<IActionResult> ChangeHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/heartbeats/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("DeleteHeartbeat")]
    public Task<IActionResult> DeleteHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/heartbeats/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("PingHeartbeat")]
    public Task<IActionResult> PingHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/heartbeats/{name}/ping")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("OpsgeniePingHeartbeat")]
    public Task<IActionResult> OpsgeniePingHeartbeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "v2/heartbeats/{name}/ping")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);

    [Function("ListTokens")]
    public Task<IActionResult> ListTokens(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tokens")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("CreateToken")]
    public Task<IActionResult> CreateToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tokens")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("RevokeToken")]
    public Task<IActionResult> RevokeToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tokens/{id}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ListResponders")]
    public Task<IActionResult> ListResponders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/responders")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("TestResponder")]
    public Task<IActionResult> TestResponder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/responders/{name}/test")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    // Anonymous at the host: a pager test mail's link carries its own HMAC token, which the handler checks. GET asks, POST confirms.
    [Function("ConfirmPagerTestPage")]
    public Task<IActionResult> ConfirmPagerTestPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/responders/{name}/test/{testId}/confirm")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConfirmPagerTest")]
    public Task<IActionResult> ConfirmPagerTest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/responders/{name}/test/{testId}/confirm")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);
}
