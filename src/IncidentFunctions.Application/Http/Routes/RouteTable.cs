using IncidentFunctions.Application.Communication.Status;
using IncidentFunctions.Application.Http.Opsgenie;
using IncidentFunctions.Application.Http.Slack;
using IncidentFunctions.Application.Notifications.Voice;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.Application.Identity;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http.Routes;

/// <summary>
/// The whole HTTP surface, declared once. The local runtime maps every route from it; the Functions app's [Function]
/// bindings (attributes, which the Worker SDK needs) run these handlers by function name, and a test holds their
/// generated functions.metadata to this table; /console/api serves the API routes the console may call from it too.
/// </summary>
public static class RouteTable
{
    private static readonly string[] Get = [HttpMethods.Get];
    private static readonly string[] Post = [HttpMethods.Post];
    private static readonly string[] Put = [HttpMethods.Put];
    private static readonly string[] Patch = [HttpMethods.Patch];
    private static readonly string[] Delete = [HttpMethods.Delete];
    private static readonly string[] GetOrPost = [HttpMethods.Get, HttpMethods.Post];

    private const RouteAccess Anonymous = RouteAccess.Anonymous;
    /// <summary>The API outside the console (the dev inspection routes).</summary>
    private const RouteAccess Authenticated = RouteAccess.Authenticated;
    private const RouteAccess Session = RouteAccess.ConsoleSession;

    /// <summary>The incident API: a personal token, the platform's principal or the admin key, or the console's session through /console/api.</summary>
    private const RouteAccess Api = RouteAccess.Authenticated | RouteAccess.ConsoleSession;

    /// <summary>What an API route needs beyond reading (<see cref="HttpRoute.Needs"/>): every incident command is a Responder's.</summary>
    private const AccessRole Write = AccessRole.Responder;

    /// <summary>Heartbeats, maintenance windows, the dev inspection routes: an Admin's (the admin key is one).</summary>
    private const AccessRole Admin = AccessRole.Admin;

    public static IReadOnlyList<HttpRoute> Routes { get; } =
    [
        // The public status page: no key, nothing internal (see PublicStatus).
        new("StatusPage", Get, "status", Anonymous, c => c.Get<StatusPageHandler>().HtmlAsync(c.Cancellation)),
        new("StatusJson", Get, "api/status", Anonymous, c => c.Get<StatusPageHandler>().JsonAsync(c.Cancellation)),

        // Monitoring tools authenticate with integration keys, Twilio with its signature: the handlers check both.
        new("AlertWebhook", Post, "api/alerts/{format}", Anonymous,
            c => c.Get<AlertWebhookHandler>().HandleAsync(c.Request, c["format"], c.Durable, c.Cancellation), UsesDurableClient: true),
        new("PagerDutyEnqueue", Post, "api/v2/enqueue", Anonymous,
            c => c.Get<PagerDutyEnqueueHandler>().HandleAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        // Opsgenie's Alert API at its own paths (a tool configured for Opsgenie changes only its URL); GenieKey = integration key.
        new("OpsgenieCreateAlert", Post, "v2/alerts", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().CreateAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        new("OpsgenieGetAlert", Get, "v2/alerts/{identifier}", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().GetAsync(c.Request, c["identifier"], c.Cancellation)),
        new("OpsgenieCloseAlert", Post, "v2/alerts/{identifier}/close", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().CloseAsync(c.Request, c["identifier"], c.Durable, c.Cancellation), UsesDurableClient: true),
        new("OpsgenieAcknowledgeAlert", Post, "v2/alerts/{identifier}/acknowledge", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().AcknowledgeAsync(c.Request, c["identifier"], c.Durable, c.Cancellation), UsesDurableClient: true),
        new("OpsgenieAddNote", Post, "v2/alerts/{identifier}/notes", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().AddNoteAsync(c.Request, c["identifier"], c.Cancellation)),
        new("OpsgenieUpdateMessage", Put, "v2/alerts/{identifier}/message", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().UpdateAsync(c.Request, c["identifier"], "message", c.Cancellation)),
        new("OpsgenieUpdateDescription", Put, "v2/alerts/{identifier}/description", Anonymous,
            c => c.Get<OpsgenieAlertApiHandler>().UpdateAsync(c.Request, c["identifier"], "description", c.Cancellation)),
        // A heartbeat's ping: an integration key of its service (?key= or X-Integration-Key), or Opsgenie's GenieKey at Opsgenie's path.
        new("PingHeartbeat", GetOrPost, "api/heartbeats/{name}/ping", Anonymous,
            c => c.Get<HeartbeatApiHandler>().PingAsync(c.Request, c["name"], c.Durable, c.Cancellation), UsesDurableClient: true),
        new("OpsgeniePingHeartbeat", GetOrPost, "v2/heartbeats/{name}/ping", Anonymous,
            c => c.Get<HeartbeatApiHandler>().OpsgeniePingAsync(c.Request, c["name"], c.Durable, c.Cancellation), UsesDurableClient: true),
        new("SmsInbound", Post, "api/sms/inbound", Anonymous,
            c => c.Get<SmsInboundHandler>().HandleAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        // A page call's webhooks: what to say, a key pressed, how it ended (signed by Twilio, the call named in the query).
        new("VoiceTwiml", Post, VoiceUrls.TwimlPath, Anonymous,
            c => c.Get<VoiceWebhookHandler>().TwimlAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        new("VoiceGather", Post, VoiceUrls.GatherPath, Anonymous,
            c => c.Get<VoiceWebhookHandler>().GatherAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        new("VoiceStatus", Post, VoiceUrls.StatusPath, Anonymous,
            c => c.Get<VoiceWebhookHandler>().StatusAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        // Slack signs what it sends (the /incident command, the card's buttons and forms, channel events): the handlers check it.
        new("SlackCommand", Post, "api/slack/commands", Anonymous,
            c => c.Get<SlackCommandHandler>().HandleAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        new("SlackInteractivity", Post, "api/slack/interactivity", Anonymous,
            c => c.Get<SlackInteractivityHandler>().HandleAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true),
        new("SlackEvents", Post, "api/slack/events", Anonymous, c => c.Get<SlackEventsHandler>().HandleAsync(c.Request, c.Cancellation)),
        new("Health", Get, "api/health", Anonymous, c => c.Get<HealthHandler>().HandleAsync(c.Cancellation)),

        new("ListIncidents", Get, "api/incidents", Api, c => c.Get<IncidentApiHandler>().ListAsync(c.Request, c.Cancellation)),
        new("GetIncident", Get, "api/incidents/{id}", Api, c => c.Get<IncidentApiHandler>().GetAsync(c["id"], c.Cancellation)),
        new("AcknowledgeIncident", Post, "api/incidents/{id}/ack", Api,
            c => c.Get<IncidentApiHandler>().AcknowledgeAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("HandOver", Post, "api/incidents/{id}/lead", Api,
            c => c.Get<IncidentResponseHandler>().HandOverAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("AddResponders", Post, "api/incidents/{id}/responders", Api,
            c => c.Get<IncidentResponseHandler>().AddRespondersAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("SetScope", Put, "api/incidents/{id}/scope", Api,
            c => c.Get<IncidentResponseHandler>().SetScopeAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("ChangeSeverity", Put, "api/incidents/{id}/severity", Api,
            c => c.Get<IncidentResponseHandler>().ChangeSeverityAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("AddNote", Post, "api/incidents/{id}/notes", Api,
            c => c.Get<IncidentResponseHandler>().AddNoteAsync(c["id"], c.Request, c.Cancellation), Needs: Write),
        new("ListActions", Get, "api/incidents/{id}/actions", Api,
            c => c.Get<IncidentResponseHandler>().ListActionsAsync(c["id"], c.Request, c.Cancellation)),
        new("RecordAction", Post, "api/incidents/{id}/actions", Api,
            c => c.Get<IncidentResponseHandler>().RecordActionAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("RecordOutcome", Post, "api/incidents/{id}/actions/{actionId}/outcome", Api,
            c => c.Get<IncidentResponseHandler>().RecordOutcomeAsync(c["id"], c["actionId"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("PostUpdate", Post, "api/incidents/{id}/updates", Api,
            c => c.Get<IncidentResponseHandler>().PostUpdateAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("ResolveIncident", Post, "api/incidents/{id}/resolve", Api,
            c => c.Get<IncidentResponseHandler>().ResolveAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("GetPostmortem", Get, "api/incidents/{id}/postmortem", Api,
            c => c.Get<IncidentResponseHandler>().GetPostmortemAsync(c["id"], c.Request, c.Cancellation)),
        new("EditPostmortem", Put, "api/incidents/{id}/postmortem", Api,
            c => c.Get<IncidentResponseHandler>().EditPostmortemAsync(c["id"], c.Request, c.Cancellation), Needs: Write),
        new("CompletePostmortem", Post, "api/incidents/{id}/postmortem/complete", Api,
            c => c.Get<IncidentResponseHandler>().CompletePostmortemAsync(c["id"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Write),
        new("AlertFeedback", Post, "api/incidents/{id}/alert-feedback", Api,
            c => c.Get<ReportsHandler>().AlertFeedbackAsync(c["id"], c.Request, c.Cancellation), Needs: Write),
        new("ResponseReport", Get, "api/reports/response", Api, c => c.Get<ReportsHandler>().ResponseAsync(c.Request, c.Cancellation)),
        new("AlertReport", Get, "api/reports/alerts", Api, c => c.Get<ReportsHandler>().AlertsAsync(c.Request, c.Cancellation)),

        // Maintenance windows: create, end now, list, one with its suppressed alerts (the console's Maintenance page too).
        new("ListMaintenance", Get, "api/maintenance", Api, c => c.Get<MaintenanceApiHandler>().ListAsync(c.Cancellation)),
        new("CreateMaintenance", Post, "api/maintenance", Api,
            c => c.Get<MaintenanceApiHandler>().CreateAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Admin),
        new("GetMaintenance", Get, "api/maintenance/{id}", Api, c => c.Get<MaintenanceApiHandler>().GetAsync(c["id"], c.Cancellation)),
        new("EndMaintenance", Post, "api/maintenance/{id}/end", Api,
            c => c.Get<MaintenanceApiHandler>().EndAsync(c["id"], c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Admin),

        // Responders and their pager tests: the list and a test are the API's; a test mail's link is anonymous (a
        // responder's phone has no key), its HMAC token checked by the handler before anything is looked up.
        new("ListResponders", Get, "api/responders", Api, c => c.Get<ResponderApiHandler>().ListAsync(c.Cancellation), Needs: Write),
        new("TestResponder", Post, "api/responders/{name}/test", Api, c => c.Get<ResponderApiHandler>().TestAsync(c["name"], c.Request, c.Cancellation), Needs: Write),
        new("ConfirmPagerTestPage", Get, PagerTestLinks.ConfirmTemplate, Anonymous,
            c => c.Get<ResponderApiHandler>().ConfirmPageAsync(c["name"], c["testId"], c.Request, c.Cancellation)),
        new("ConfirmPagerTest", Post, PagerTestLinks.ConfirmTemplate, Anonymous,
            c => c.Get<ResponderApiHandler>().ConfirmAsync(c["name"], c["testId"], c.Request, c.Cancellation)),

        // Heartbeats: the list, and those made by the API (the configuration's are changed in the file).
        new("ListHeartbeats", Get, "api/heartbeats", Api, c => c.Get<HeartbeatApiHandler>().ListAsync(c.Cancellation)),
        new("CreateHeartbeat", Post, "api/heartbeats", Api,
            c => c.Get<HeartbeatApiHandler>().CreateAsync(c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Admin),
        new("GetHeartbeat", Get, "api/heartbeats/{name}", Api, c => c.Get<HeartbeatApiHandler>().GetAsync(c["name"], c.Cancellation)),
        new("ChangeHeartbeat", Patch, "api/heartbeats/{name}", Api,
            c => c.Get<HeartbeatApiHandler>().ChangeAsync(c["name"], c.Request, c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Admin),
        new("DeleteHeartbeat", Delete, "api/heartbeats/{name}", Api,
            c => c.Get<HeartbeatApiHandler>().DeleteAsync(c["name"], c.Durable, c.Cancellation), UsesDurableClient: true, Needs: Admin),

        // Personal API tokens: a person's own (made only from a signed-in session, shown once); an Admin lists and revokes anyone's.
        new("ListTokens", Get, "api/tokens", Api, c => c.Get<ApiTokenHandler>().ListAsync(c.Request, c.Cancellation)),
        new("CreateToken", Post, "api/tokens", Api, c => c.Get<ApiTokenHandler>().CreateAsync(c.Request, c.Cancellation)),
        new("RevokeToken", Delete, "api/tokens/{id}", Api, c => c.Get<ApiTokenHandler>().RevokeAsync(c["id"], c.Request, c.Cancellation)),

        // What the local runtime's outbox and event queue hold, for demos and tests; nothing like it runs in Azure.
        new("DevOutbox", Get, "api/dev/outbox", Authenticated, c => Task.FromResult(c.Get<DevOutboxHandler>().Handle()), LocalOnly: true, Needs: Admin),
        new("DevEvents", Get, "api/dev/events", Authenticated, c => Task.FromResult(c.Get<DevEventsHandler>().Handle()), LocalOnly: true, Needs: Admin),

        // The responders' console: a person signs in as themselves (a one-time code to their own phone or mail, or Entra ID
        // in Azure) and then carries a session cookie naming them, which its handlers check.
        new("ConsoleIncidents", Get, "console", Session, c => c.Get<ConsoleHandler>().IncidentsAsync(c.Request, c.Cancellation)),
        new("ConsoleLoginForm", Get, "console/login", Anonymous, c => Task.FromResult(c.Get<ConsoleHandler>().LoginForm(c.Request))),
        new("ConsoleLogin", Post, "console/login", Anonymous, c => c.Get<ConsoleHandler>().LoginAsync(c.Request, c.Cancellation)),
        new("ConsoleLoginCode", Post, "console/login/code", Anonymous, c => c.Get<ConsoleHandler>().LoginCodeAsync(c.Request, c.Cancellation)),
        new("ConsoleLogout", Post, "console/logout", Anonymous, c => Task.FromResult(c.Get<ConsoleHandler>().Logout(c.Request))),
        new("ConsoleIncident", Get, "console/incidents/{id}", Session,
            c => c.Get<ConsoleHandler>().IncidentAsync(c["id"], c.Request, c.Cancellation)),
        new("ConsolePostmortem", Get, "console/incidents/{id}/postmortem", Session,
            c => c.Get<ConsoleHandler>().PostmortemAsync(c["id"], c.Request, c.Cancellation)),
        new("ConsoleReports", Get, "console/reports", Session, c => c.Get<ConsoleHandler>().ReportsAsync(c.Request, c.Cancellation)),
        new("ConsoleResponders", Get, "console/responders", Session, c => c.Get<ConsoleHandler>().RespondersAsync(c.Request, c.Cancellation)),
        new("ConsoleMaintenance", Get, "console/maintenance", Session, c => c.Get<ConsoleHandler>().MaintenanceAsync(c.Request, c.Cancellation)),
        new("ConsoleTokens", Get, "console/tokens", Session, c => c.Get<ConsoleHandler>().TokensAsync(c.Request, c.Cancellation)),
        new("ConsoleHeartbeats", Get, "console/heartbeats", Session, c => c.Get<ConsoleHandler>().HeartbeatsAsync(c.Request, c.Cancellation)),
        new("ConsoleAsset", Get, "console/assets/{name}", Anonymous, c => Task.FromResult(ConsoleHandler.Asset(c["name"]))),
        new("ConsoleApi", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], "console/api/{*path}", Session,
            c => c.Get<ConsoleApiDispatcher>().DispatchAsync(c.Request, c.Values.GetValueOrDefault("path"), c.Durable, c.Cancellation),
            UsesDurableClient: true),
    ];

    private static readonly Dictionary<string, HttpRoute> ByName = Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The route a function is bound to, by its function name.</summary>
    public static HttpRoute Find(string name) => ByName.TryGetValue(name, out var route)
        ? route
        : throw new InvalidOperationException($"no route named '{name}' in {nameof(RouteTable)}");
}
