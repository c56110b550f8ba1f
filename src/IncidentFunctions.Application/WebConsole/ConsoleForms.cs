namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Command forms. The console's script turns a form into the API's JSON body (data-kind says how: a list of ticked
/// boxes, lines, a number, JSON), sends it to /console/api/{data-api}, and shows a problem's message in the element whose
/// data-error-for names the problem's field, or in the form's own error line when no field of the form matches.
/// </summary>
public static class ConsoleForms
{
    public static Markup Form(string id, string method, string apiPath, string title, Markup fields, string submit, string? confirm = null) => Html.Of($"""
        <form class="command" id="{id}" data-method="{method}" data-api="{apiPath}"{Html.When(confirm is not null, Html.Of($" data-confirm=\"{confirm}\""))}>
          <h3>{title}</h3>
          {fields}
          <p class="error" data-error-for="" role="alert" hidden></p>
          <button type="submit">{submit}</button>
        </form>
        """);

    public static Markup Field(string form, string name, string label, Markup input, string? hint = null) => Html.Of($"""
        <label class="field" for="{form}-{name}"><span>{label}</span>
          {input}
          {Html.When(hint is not null, Html.Of($"<small class=\"hint\">{hint}</small>"))}
          <span class="error" data-error-for="{name}" role="alert" hidden></span>
        </label>
        """);

    public static Markup Text(string form, string name, string label, bool required = false, string? hint = null, string? value = null, string? kind = null) =>
        Field(form, name, label, Html.Of($"<input type=\"text\" id=\"{form}-{name}\" name=\"{name}\" value=\"{value ?? ""}\"{Kind(kind)}{Required(required)}>"), hint);

    public static Markup TextArea(string form, string name, string label, bool required = false, string? hint = null, string? value = null, string? kind = null, int rows = 3) =>
        Field(form, name, label, Html.Of($"<textarea id=\"{form}-{name}\" name=\"{name}\" rows=\"{rows}\"{Kind(kind)}{Required(required)}>{value ?? ""}</textarea>"), hint);

    public static Markup Number(string form, string name, string label, string? hint = null) =>
        Field(form, name, label, Html.Of($"<input type=\"number\" min=\"0\" step=\"1\" id=\"{form}-{name}\" name=\"{name}\" data-kind=\"int\">"), hint);

    /// <summary>A local date and time; the script sends it as an ISO instant.</summary>
    public static Markup LocalTime(string form, string name, string label, string? hint = null) =>
        Field(form, name, label, Html.Of($"<input type=\"datetime-local\" id=\"{form}-{name}\" name=\"{name}\">"), hint);

    public static Markup Select(string form, string name, string label, IEnumerable<(string Value, string Text)> options, bool required = false, string? selected = null, string? kind = null)
    {
        var items = Html.Join(options.Select(o => Html.Of($"<option value=\"{o.Value}\"{Html.When(o.Value == selected, new Markup(" selected"))}>{o.Text}</option>")));
        return Field(form, name, label,
            Html.Of($"<select id=\"{form}-{name}\" name=\"{name}\"{Kind(kind)}{Required(required)}>{items}</select>"));
    }

    /// <summary>A responder picker (whom to hand the lead to, whom to bring in); never who you are: that is whoever signed in.</summary>
    public static Markup Responder(string form, string name, string label, IReadOnlyList<string> responders, bool required) =>
        Select(form, name, label, [("", required ? "choose…" : "(nobody)"), .. responders.Select(r => (r, r))], required);

    /// <summary>Ticked boxes sent as one array; an empty array is sent too, so the API can say what is missing.</summary>
    public static Markup Checkboxes(string form, string name, string label, IEnumerable<(string Value, string Text, bool Checked)> boxes)
    {
        var items = Html.Join(boxes.Select(b => Html.Of(
            $"<label class=\"check\"><input type=\"checkbox\" id=\"{form}-{name}-{b.Value}\" name=\"{name}\" value=\"{b.Value}\" data-kind=\"list\"{Html.When(b.Checked, new Markup(" checked"))}> {b.Text}</label>")));
        return Html.Of($"""
            <fieldset class="field" id="{form}-{name}"><legend>{label}</legend>
              {items}
              <span class="error" data-error-for="{name}" role="alert" hidden></span>
            </fieldset>
            """);
    }

    /// <summary>One box sent as true or false.</summary>
    public static Markup Flag(string form, string name, string label) => Html.Of($"""
        <label class="check field" for="{form}-{name}"><input type="checkbox" id="{form}-{name}" name="{name}"> {label}
          <span class="error" data-error-for="{name}" role="alert" hidden></span>
        </label>
        """);

    private static Markup Required(bool required) => Html.When(required, new Markup(" required"));

    private static Markup Kind(string? kind) => Html.When(kind is not null, Html.Of($" data-kind=\"{kind}\""));
}
