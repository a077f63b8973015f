using System.Diagnostics;
using System.Text.Json;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>The built vmsctl, run as an operator runs it: a process against the management server's URL.</summary>
public static class VmsctlProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement.Clone();

        public Result Exits(int code)
        {
            Assert.That(ExitCode, Is.EqualTo(code), ToString());
            return this;
        }

        public override string ToString() => $"exit code {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
    }

    /// <summary>Runs vmsctl against <paramref name="management"/>, signed in as its client is (VMS_TOKEN).</summary>
    public static async Task<Result> RunAsync(ServiceClient management, params string[] args)
    {
        var managementUrl = management.BaseUrl;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { RepoPaths.ServiceDll(Path.Combine("tools", "Vmsctl"), "vmsctl"), "--url", managementUrl }.Concat(args)) info.ArgumentList.Add(a);
        info.Environment.Remove("VMS_URL");
        info.Environment.Remove("VMS_TOKEN");
        if (management.Http.DefaultRequestHeaders.Authorization?.Parameter is { } token) info.Environment["VMS_TOKEN"] = token;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"vmsctl {string.Join(' ', args)} did not end within {Patience}.");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
