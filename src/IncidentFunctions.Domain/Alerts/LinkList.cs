namespace IncidentFunctions.Domain.Alerts;

/// <summary>Collects an alert's links, keeping only absolute http(s) URLs and each URL once.</summary>
internal sealed class LinkList
{
    private readonly List<AlertLink> _links = [];

    public LinkList Add(string? href, string? text)
    {
        if (IsWebUrl(href) && !_links.Exists(l => l.Href == href!.Trim()))
        {
            _links.Add(new AlertLink(href!.Trim(), string.IsNullOrWhiteSpace(text) ? null : text.Trim()));
        }

        return this;
    }

    public IReadOnlyList<AlertLink> ToList() => _links.ToArray();

    public static bool IsWebUrl(string? href) =>
        !string.IsNullOrWhiteSpace(href)
        && Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
