using System.Text.Json;

namespace VmsServices.Vmsctl.Tests.Infrastructure;

/// <summary>One run of vmsctl: exit code, stdout, stderr; ToString makes an assertion's message.</summary>
public sealed record VmsctlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as JSON (a --json run).</summary>
    public JsonElement Json => Parse(Stdout, "stdout");

    /// <summary>stderr as the one problem document a failed --json run prints.</summary>
    public JsonElement Problem => Parse(Stderr, "stderr");

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts the exit code (the message shows both outputs) and returns this run for more checks.</summary>
    public VmsctlResult Exits(int code)
    {
        Assert.That(ExitCode, Is.EqualTo(code), ToString());
        return this;
    }

    /// <summary>A failure reads as one line on stderr, containing <paramref name="text"/>, and nothing on stdout.</summary>
    public VmsctlResult FailsWithOneLine(int code, string text)
    {
        Exits(code);
        Assert.That(Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), ToString());
        Assert.That(Stderr, Does.Contain(text), ToString());
        Assert.That(Stdout, Is.Empty, ToString());
        return this;
    }

    public override string ToString() => $"exit code {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";

    private JsonElement Parse(string text, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"{what} is not JSON ({e.Message}):\n{this}");
            throw;
        }
    }
}
