using System.Net;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>The rows of the rejection theories: what is sent, and the status and field the problem must name.</summary>
public sealed partial class ResponseCommandRejectionTests
{
    public static TheoryData<string, string, string, HttpStatusCode, string> RejectedBodies => new()
    {
        // method, path after api/incidents/{id}/, body, status, field named

        // Lead hand-over.
        { "POST", "lead", "{}", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": "Zed"}""", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": 2}""", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": "Bob", "reason": ["end of shift"]}""", HttpStatusCode.BadRequest, "reason" },

        // Responders.
        { "POST", "responders", "{}", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": ["Bob", "Zed"]}""", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", """{"policy": "no-such-policy"}""", HttpStatusCode.BadRequest, "policy" },
        { "POST", "responders", """{"responders": []}""", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": "Bob"}""", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": ["Bob", 7]}""", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", """{"responders": ["Bob"], "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },
        { "POST", "responders", """{"policy": 3}""", HttpStatusCode.BadRequest, "policy" },
        { "POST", "responders", """{"responders": ["Bob"], "policy": "slow"}""", HttpStatusCode.BadRequest, "policy" },

        // Scope.
        { "PUT", "scope", """{"affectedServices": ["checkout"], "usersAffected": 10}""", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", """{"customerVisible": "yes"}""", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", """{"customerVisible": true, "hostsAffected": -1}""", HttpStatusCode.BadRequest, "hostsAffected" },
        { "PUT", "scope", """{"customerVisible": true, "hostsAffected": 1.5}""", HttpStatusCode.BadRequest, "hostsAffected" },
        { "PUT", "scope", """{"customerVisible": true, "usersAffected": "1200"}""", HttpStatusCode.BadRequest, "usersAffected" },
        { "PUT", "scope", """{"customerVisible": true, "usersAffected": 1.5}""", HttpStatusCode.BadRequest, "usersAffected" },
        { "PUT", "scope", """{"customerVisible": true, "affectedServices": "checkout"}""", HttpStatusCode.BadRequest, "affectedServices" },
        { "PUT", "scope", """{"customerVisible": true, "affectedServices": ["checkout", " "]}""", HttpStatusCode.BadRequest, "affectedServices[1]" },
        { "PUT", "scope", """{"customerVisible": true, "affectedServices": [1]}""", HttpStatusCode.BadRequest, "affectedServices[0]" },

        // Severity.
        { "PUT", "severity", """{"severity": "SEV5", "reason": "worse than the worst"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"severity": 1, "reason": "as a number"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"reason": "no severity"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"severity": "SEV1"}""", HttpStatusCode.BadRequest, "reason" },
        { "PUT", "severity", """{"severity": "SEV1", "reason": "  "}""", HttpStatusCode.BadRequest, "reason" },
        { "PUT", "severity", """{"severity": "SEV1", "reason": "customers affected", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Notes.
        { "POST", "notes", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": "   "}""", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": 42}""", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": "disk is full", "kind": "rumour"}""", HttpStatusCode.BadRequest, "kind" },
        { "POST", "notes", """{"text": "{4001 chars}"}""", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": "disk is full", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Actions: every required field on its own, then the undo plan.
        { "POST", "actions", """{"why": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.BadRequest, "what" },
        { "POST", "actions", """{"what": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.BadRequest, "why" },
        { "POST", "actions", """{"what": "w", "why": "w", "undo": "u"}""", HttpStatusCode.BadRequest, "expectedEffect" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e"}""", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": " ", "irreversible": false}""", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "irreversible": false}""", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u", "irreversible": true}""", HttpStatusCode.BadRequest, "irreversible" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "irreversible": "yes"}""", HttpStatusCode.BadRequest, "irreversible" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Outcomes: the body is checked before the action is looked up.
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "maybe", "observed": "o"}""", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", """{"observed": "o"}""", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "worked"}""", HttpStatusCode.BadRequest, "observed" },
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""", HttpStatusCode.NotFound, "actionId" },

        // Status updates.
        { "POST", "updates", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "updates", """{"text": "t", "audiences": ["pilots"]}""", HttpStatusCode.BadRequest, "audiences[0]" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "pilots"]}""", HttpStatusCode.BadRequest, "audiences[1]" },
        { "POST", "updates", """{"text": "t", "audiences": ["1"]}""", HttpStatusCode.BadRequest, "audiences[0]" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "leadership", "users", "team"]}""", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", """{"text": "t", "audiences": []}""", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", """{"text": "t", "audiences": "team"}""", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "{1h ago}"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "{5s ago}"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "{in 25h}"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "after lunch"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": 1764000000}""", HttpStatusCode.BadRequest, "nextUpdateBy" },

        // Wording for the status page: the first update to users names the incident for them; only updates to users carry it.
        { "POST", "updates", """{"text": "t", "audiences": ["users"]}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "users"], "impact": "Slow checkout"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": " "}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": 5}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": "Checkout\nslow"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", $$"""{"text": "t", "audiences": ["users"], "publicTitle": "{{new string('x', 121)}}"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", $$"""{"text": "t", "audiences": ["users"], "publicTitle": "Checkout slow", "impact": "{{new string('x', 501)}}"}""", HttpStatusCode.BadRequest, "impact" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "leadership"], "publicTitle": "Checkout slow"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "impact": "Slow checkout"}""", HttpStatusCode.BadRequest, "impact" },

        // Resolve.
        { "POST", "resolve", "{}", HttpStatusCode.BadRequest, "summary" },
        { "POST", "resolve", """{"summary": ""}""", HttpStatusCode.BadRequest, "summary" },
        { "POST", "resolve", """{"summary": "fixed", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Post-mortem before there is one: the body is checked first, so a wrong one is a 400, not the draft's 404.
        { "PUT", "postmortem", """{"lessons": "fewer alerts"}""", HttpStatusCode.BadRequest, "lessons" },
        { "PUT", "postmortem", """{"summary": ""}""", HttpStatusCode.BadRequest, "summary" },
        { "POST", "postmortem/complete", "{}", HttpStatusCode.BadRequest, "by" },

        // Alert feedback.
        { "POST", "alert-feedback", """{"by": "Alice"}""", HttpStatusCode.BadRequest, "useful" },
        { "POST", "alert-feedback", """{"useful": "no", "by": "Alice"}""", HttpStatusCode.BadRequest, "useful" },
        { "POST", "alert-feedback", """{"useful": false, "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },
        { "POST", "alert-feedback", """{"useful": false, "by": "Alice", "comment": 5}""", HttpStatusCode.BadRequest, "comment" },

        // Bodies that are not a JSON object.
        { "POST", "notes", """{"text": """, HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", "[1, 2, 3]", HttpStatusCode.BadRequest, "$" },
        { "POST", "lead", "null", HttpStatusCode.BadRequest, "$" },
        { "PUT", "scope", "\"customerVisible\"", HttpStatusCode.BadRequest, "$" },
        { "POST", "actions", "what=w&why=w", HttpStatusCode.BadRequest, "$" },
        { "POST", "resolve", """{"summary": "fixed" """, HttpStatusCode.BadRequest, "$" },
        { "PUT", "postmortem", """[{"lessons": ["x"]}]""", HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", """{"text": "t", "deep": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}""", HttpStatusCode.BadRequest, "$" },
    };

    public static TheoryData<string, string, string, HttpStatusCode, string> NotAnIncident => new()
    {
        // method, path, a body that is otherwise valid, status, field named
        { "POST", "api/incidents/abc/lead", """{"to": "Bob"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/0/notes", """{"text": "t"}""", HttpStatusCode.BadRequest, "id" },
        { "PUT", "api/incidents/-4/scope", """{"customerVisible": true}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/1e3/updates", """{"text": "t"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/abc/actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""", HttpStatusCode.BadRequest, "id" },
        { "GET", "api/incidents/abc/postmortem", "", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/abc/postmortem/complete", """{"by": "Alice"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/lead", """{"to": "Bob"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/responders", """{"responders": ["Bob"]}""", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/scope", """{"customerVisible": true}""", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/severity", """{"severity": "SEV1", "reason": "r"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/notes", """{"text": "t"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/updates", """{"text": "t"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/resolve", """{"summary": "s"}""", HttpStatusCode.NotFound, "id" },
        { "GET", $"api/incidents/{NoSuchIncident}/postmortem", "", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/postmortem", """{"lessons": ["l"]}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/postmortem/complete", """{"by": "Alice"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/alert-feedback", """{"useful": true, "by": "Alice"}""", HttpStatusCode.NotFound, "id" },
    };


    /// <summary>Every response command (and the post-mortem's read) with a body that would otherwise be accepted.</summary>
    public static TheoryData<string, string, string> EveryCommand => new()
    {
        { "POST", "lead", """{"to": "Bob"}""" },
        { "POST", "responders", """{"responders": ["Carol"]}""" },
        { "PUT", "scope", """{"affectedServices": ["checkout"], "customerVisible": false}""" },
        { "PUT", "severity", """{"severity": "SEV3", "reason": "contained"}""" },
        { "POST", "notes", """{"text": "written without a key"}""" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u"}""" },
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""" },
        { "POST", "updates", """{"text": "written without a key"}""" },
        { "POST", "resolve", """{"summary": "fixed"}""" },
        { "GET", "postmortem", "" },
        { "PUT", "postmortem", """{"lessons": ["fewer alerts"]}""" },
        { "POST", "postmortem/complete", """{"by": "Alice"}""" },
        { "POST", "alert-feedback", """{"useful": true, "by": "Alice"}""" },
    };
}
