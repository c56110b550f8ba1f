using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// HTTP bindings only: every body is one call into the application library, which the local runtime maps too.
/// Ingestion and SMS routes are anonymous at the host (integration keys and Twilio signatures are checked by the
/// handlers); the incident API uses Functions keys (x-functions-key).
/// </summary>
public sealed class HttpFunctions(
    AlertWebhookHandler alerts,
    PagerDutyEnqueueHandler pagerDuty,
    SmsInboundHandler sms,
    IncidentApiHandler incidents,
    ReportsHandler reports,
    IncidentResponseHandler response,
    HealthHandler health)
{
    [Function("AlertWebhook")]
    public async Task<IActionResult> AlertWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/alerts/{format}")] HttpRequest request, string format,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await alerts.HandleAsync(request, format, client, ct));

    [Function("PagerDutyEnqueue")]
    public async Task<IActionResult> PagerDutyEnqueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v2/enqueue")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await pagerDuty.HandleAsync(request, client, ct));

    [Function("SmsInbound")]
    public async Task<IActionResult> SmsInbound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sms/inbound")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await sms.HandleAsync(request, client, ct));

    [Function("ListIncidents")]
    public async Task<IActionResult> ListIncidents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/incidents")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await incidents.ListAsync(request, ct));

    [Function("GetIncident")]
    public async Task<IActionResult> GetIncident(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/incidents/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await incidents.GetAsync(id, ct));

    [Function("AcknowledgeIncident")]
    public async Task<IActionResult> AcknowledgeIncident(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/ack")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await incidents.AcknowledgeAsync(id, request, client, ct));

    [Function("HandOver")]
    public async Task<IActionResult> HandOver(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/lead")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.HandOverAsync(id, request, client, ct));

    [Function("AddResponders")]
    public async Task<IActionResult> AddResponders(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/responders")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.AddRespondersAsync(id, request, client, ct));

    [Function("SetScope")]
    public async Task<IActionResult> SetScope(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/incidents/{id}/scope")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.SetScopeAsync(id, request, client, ct));

    [Function("ChangeSeverity")]
    public async Task<IActionResult> ChangeSeverity(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/incidents/{id}/severity")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.ChangeSeverityAsync(id, request, client, ct));

    [Function("AddNote")]
    public async Task<IActionResult> AddNote(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/notes")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await response.AddNoteAsync(id, request, ct));

    [Function("RecordAction")]
    public async Task<IActionResult> RecordAction(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/actions")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.RecordActionAsync(id, request, client, ct));

    [Function("ListActions")]
    public async Task<IActionResult> ListActions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/incidents/{id}/actions")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await response.ListActionsAsync(id, request, ct));

    [Function("PostUpdate")]
    public async Task<IActionResult> PostUpdate(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/updates")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.PostUpdateAsync(id, request, client, ct));

    [Function("ResolveIncident")]
    public async Task<IActionResult> ResolveIncident(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/resolve")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.ResolveAsync(id, request, client, ct));

    [Function("GetPostmortem")]
    public async Task<IActionResult> GetPostmortem(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/incidents/{id}/postmortem")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await response.GetPostmortemAsync(id, request, ct));

    [Function("EditPostmortem")]
    public async Task<IActionResult> EditPostmortem(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/incidents/{id}/postmortem")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await response.EditPostmortemAsync(id, request, ct));

    [Function("CompletePostmortem")]
    public async Task<IActionResult> CompletePostmortem(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/postmortem/complete")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.CompletePostmortemAsync(id, request, client, ct));

    [Function("RecordOutcome")]
    public async Task<IActionResult> RecordOutcome(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/actions/{actionId}/outcome")] HttpRequest request, string id, string actionId,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await response.RecordOutcomeAsync(id, actionId, request, client, ct));

    [Function("AlertFeedback")]
    public async Task<IActionResult> AlertFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/incidents/{id}/alert-feedback")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await reports.AlertFeedbackAsync(id, request, ct));

    [Function("ResponseReport")]
    public async Task<IActionResult> ResponseReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/response")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await reports.ResponseAsync(request, ct));

    [Function("AlertReport")]
    public async Task<IActionResult> AlertReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/alerts")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await reports.AlertsAsync(request, ct));

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await health.HandleAsync(ct));
}
