namespace IncidentFunctions.Domain.Alerts;

public interface IAlertParser
{
    /// <summary>The route segment of <c>POST /api/alerts/{format}</c>.</summary>
    string Format { get; }

    /// <summary>Parses one request body. Never throws for bad input: returns an error naming the field.</summary>
    AlertParseResult Parse(ReadOnlySpan<byte> utf8Json);
}
