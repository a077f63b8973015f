using System.Diagnostics;
using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Tests.Infrastructure;

/// <summary>Runs vmsctl in-process through its entry point (what most tests do), or as the built binary.</summary>
public static class VmsctlRunner
{
    private static readonly TimeSpan ProcessPatience = TimeSpan.FromMinutes(2);

    public static Task<VmsctlResult> RunAsync(params string[] args) => RunAsync(args, _ => null);

    /// <param name="environment">What vmsctl sees of the environment (VMS_URL); the test process's own is not used.</param>
    /// <param name="errorIsTerminal">Whether vmsctl believes stderr is a terminal (a redrawn progress bar).</param>
    public static async Task<VmsctlResult> RunAsync(string[] args, Func<string, string?> environment, bool errorIsTerminal = false)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await VmsctlApp.RunAsync(args, new CliConsole(stdout, stderr, errorIsTerminal), environment);
        return new VmsctlResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built vmsctl binary (its apphost), as a real process; killed by PID if it does not end in time.</summary>
    public static async Task<VmsctlResult> RunProcessAsync(string[] args, IDictionary<string, string>? environment = null)
    {
        var dll = RepoPaths.ServiceDll(Path.Combine("tools", "Vmsctl"), "vmsctl");
        var info = new ProcessStartInfo(Path.ChangeExtension(dll, null))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("VMS_URL");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(ProcessPatience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"vmsctl {string.Join(' ', args)} did not end within {ProcessPatience}.");
        }
        return new VmsctlResult(process.ExitCode, await stdout, await stderr);
    }
}
