using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>Responders, how each can be reached and when ("contactMethods", "notificationRules"), and the "notifications" defaults.</summary>
public static partial class ConfigLoader
{
    // Deliberately loose: the mail server is the judge of an address; this catches a phone number or a name in its place.
    [GeneratedRegex(@"^[^@\s<>,;""]+@[^@\s<>,;""]+\.[^@\s<>,;""]+$")]
    private static partial Regex EmailAddress();

    /// <summary>A rule may wait at most this long: paging is about minutes; a day later the incident has moved on.</summary>
    internal static readonly TimeSpan MaxRuleDelay = TimeSpan.FromHours(24);

    private sealed partial class Reader
    {
        private const string MethodChoices = "sms, voice or email";

        private ResponderConfig? ReadResponder(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "name", "phone", "contactMethods", "notificationRules", "slackUserId", "email", "entraObjectId");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            DefineName(_responderNames, name, obj.PathOf("name"), "responder");
            var phone = obj.OptionalString("phone");
            var phoneOk = phone is null || PhoneNumber(phone, obj.PathOf("phone"), path, name);
            var listed = obj.OptionalArray("contactMethods", (e, p) => ReadContactMethod(e, p, path, name));
            if (listed is { Count: 0 })
            {
                Problem(obj.PathOf("contactMethods"), "must list at least one method (or leave it out and give a 'phone')");
            }

            // "phone" means an SMS and a voice method on that number, beside any listed.
            var methods = phone is null ? new List<ContactMethod>() : [.. ContactMethod.OnPhone(phone)];

            foreach (var method in listed ?? [])
            {
                // The same number or address twice is one method; the listed one wins (it may carry a name).
                var same = methods.FindIndex(m => m.Type == method.Type && m.To == method.To);
                if (same >= 0)
                {
                    methods[same] = method;
                }
                else
                {
                    methods.Add(method);
                }
            }

            var replyNumber = phone ?? methods.FirstOrDefault(m => m.Type == ContactMethodType.Sms)?.To ?? methods.FirstOrDefault(m => m.Type == ContactMethodType.Voice)?.To;
            if (replyNumber is null && listed is { Count: > 0 })
            {
                Problem(obj.PathOf("contactMethods"), "needs an sms or voice method (or a 'phone'): replies and keypresses are matched to responders by their number");
            }
            else if (!obj.Has("phone") && !obj.Has("contactMethods"))
            {
                // Reported where the number is usually written: most responders have just a phone.
                Problem(obj.PathOf("phone"), "is required (or list 'contactMethods' with an sms or voice number)");
            }

            var rules = obj.OptionalArray("notificationRules", (e, p) => ReadRule(e, p, methods, name));
            var slackUserId = ReadSlackUserId(obj);
            var (email, entraObjectId) = ReadSignIn(obj);
            if (rules is { Count: 0 })
            {
                Problem(obj.PathOf("notificationRules"), "must list at least one rule (or leave it out: the defaults in 'notifications' apply)");
            }

            if (name is null || replyNumber is null || !phoneOk || (obj.Has("contactMethods") && listed is null) || (obj.Has("notificationRules") && rules is null))
            {
                return null;
            }

            return new ResponderConfig(name, replyNumber) { ContactMethods = methods, NotificationRules = rules is { Count: > 0 } ? [.. rules.OrderBy(r => r.After)] : null, SlackUserId = slackUserId,
                Email = email, EntraObjectId = entraObjectId };
        }

        private ContactMethod? ReadContactMethod(JsonElement element, string path, string responderPath, string? responder)
        {
            var obj = Obj.Open(this, element, path, "type", "to", "name");
            if (obj is null)
            {
                return null;
            }

            var typeText = obj.RequiredString("type");
            var to = obj.RequiredString("to");
            var label = obj.OptionalString("name");
            if (typeText is null || to is null)
            {
                return null;
            }

            if (!ContactMethod.TryParseType(typeText, out var type))
            {
                Problem(obj.PathOf("type"), $"unknown method '{typeText}'; use {MethodChoices}");
                return null;
            }

            if (type == ContactMethodType.Email)
            {
                if (!EmailAddress().IsMatch(to))
                {
                    Problem(obj.PathOf("to"), $"'{to}' is not an email address like alice@example.com");
                    return null;
                }
            }
            else if (!PhoneNumber(to, obj.PathOf("to"), responderPath, responder))
            {
                return null;
            }

            return new ContactMethod(type, to, label);
        }

        private NotificationRule? ReadRule(JsonElement element, string path, IReadOnlyList<ContactMethod> methods, string? responder)
        {
            var rule = RuleValue(element, path);
            if (rule is not null && !methods.Any(m => m.Type == rule.Method))
            {
                Problem($"{path}.method", $"{responder ?? "this responder"} has no {ContactMethod.Word(rule.Method)} contact method");
                return null;
            }

            return rule;
        }

        /// <summary>{ "method": "voice", "after": "1m" }: a method and how long after the page starts, zero for at once.</summary>
        private NotificationRule? RuleValue(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "method", "after");
            if (obj is null)
            {
                return null;
            }

            var methodText = obj.RequiredString("method");
            var afterText = obj.RequiredString("after");
            ContactMethodType method = default;
            var methodOk = methodText is not null && ContactMethod.TryParseType(methodText, out method);
            if (methodText is not null && !methodOk)
            {
                Problem(obj.PathOf("method"), $"unknown method '{methodText}'; use {MethodChoices}");
            }

            TimeSpan? after = null;
            if (afterText is not null)
            {
                if (!Duration.TryParse(afterText, out var duration, out var error))
                {
                    Problem(obj.PathOf("after"), error!);
                }
                else if (duration.TotalTime > MaxRuleDelay)
                {
                    Problem(obj.PathOf("after"), $"must be at most {MaxRuleDelay.TotalHours:0} hours after the page starts");
                }
                else
                {
                    after = duration.TotalTime;
                }
            }

            return methodOk && after is { } a ? new NotificationRule(method, a) : null;
        }

        /// <summary>
        /// An E.164 number, which belongs to one responder: replies and keypresses are matched to responders by their
        /// number, so two responders on one number could not be told apart. The same responder may list it again.
        /// </summary>
        private bool PhoneNumber(string number, string path, string responderPath, string? responder)
        {
            if (!E164().IsMatch(number))
            {
                Problem(path, $"'{number}' is not an E.164 phone number like +15550100001 (a '+', the country code, then 7 to 15 digits in all, no spaces)");
                return false;
            }

            var owner = $"{responderPath} ('{responder}')";
            if (_responderPhones.TryGetValue(number, out var other) && other != owner)
            {
                Problem(path, $"phone number '{number}' is already used by {other}; replies from it could not tell the responders apart");
                return false;
            }

            _responderPhones[number] = owner;
            return true;
        }

        /// <summary>"notifications": { "defaultRules": { "SEV1": [rules], … } }; severities left out keep the built-in rules.</summary>
        private NotificationsConfig ReadNotifications(Obj root)
        {
            var obj = root.OptionalObject("notifications", "defaultRules");
            if (obj is null || !obj.TryGetOptional("defaultRules", out var element))
            {
                return NotificationsConfig.Builtin;
            }

            var rules = new Dictionary<IncidentSeverity, IReadOnlyList<NotificationRule>>(NotificationsConfig.BuiltinRules());
            foreach (var (key, value, path) in MapEntries(element, obj.PathOf("defaultRules"), "severity names"))
            {
                if (!SeverityPolicy.TryParseSeverity(key, out var severity))
                {
                    Problem(path, $"unknown severity (expected {SeverityChoices})");
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Array)
                {
                    Problem(path, $"must be an array of rules like {{ \"method\": \"sms\", \"after\": \"0m\" }}, not {Describe(value)}");
                    continue;
                }

                var list = new List<NotificationRule>();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (RuleValue(item, $"{path}[{index++}]") is { } rule)
                    {
                        list.Add(rule);
                    }
                }

                if (index == 0)
                {
                    Problem(path, "must list at least one rule: a page must reach someone");
                }

                rules[severity.Value] = [.. list.OrderBy(r => r.After)];
            }

            return new NotificationsConfig(rules);
        }
    }
}
