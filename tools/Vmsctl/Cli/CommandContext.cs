using System.Text.Json;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// What a running command works with: the API client, the output mode, the clock. Results go to
/// stdout (a table, or JSON with --json); notes and progress to stderr, so stdout stays parseable.
/// </summary>
public sealed class CommandContext(CliConsole console, bool json, ApiClient api, TimeProvider clock) : IDisposable
{
    public CliConsole Console => console;
    public bool Json => json;
    public ApiClient Api => api;
    public TimeProvider Clock => clock;
    public TextWriter Out => console.Out;

    /// <summary>The API's own document with --json, else what <paramref name="asText"/> prints; a command's usual last step.</summary>
    public int Print(JsonElement json, Action asText)
    {
        if (Json) WriteJson(json);
        else asText();
        return ExitCodes.Ok;
    }

    /// <summary>vmsctl's own document with --json (no API document fits), else one line of text.</summary>
    public int Print<T>(T json, string text)
    {
        if (Json) WriteJson(json);
        else Out.WriteLine(text);
        return ExitCodes.Ok;
    }

    public void WriteJson(JsonElement value) => Out.WriteLine(JsonSerializer.Serialize(value, ApiJson.Indented));

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, ApiJson.Indented));

    public void WriteTable(TextTable table) => table.WriteTo(Out);

    /// <summary>
    /// A line for the person watching (what is happening), never for a script: with --json, stderr
    /// carries only the problem document of a failure, so notes are left out.
    /// </summary>
    public void Note(string message)
    {
        if (!json) console.Error.WriteLine(message);
    }

    public void Dispose() => api.Dispose();
}
