using System.Diagnostics;
using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Tests.Infrastructure;

/// <summary>Runs vmsctl in-process through its entry point (what most tests do), or as the built binary.</summary>
public static class VmsctlRunner
{
    private static readonly TimeSpan ProcessPatience = TimeSpan.FromMinutes(2);

    public static Task<VmsctlResult> RunAsync(params string[] args) => RunAsync(args, _ => null);

    /// <param name="environment">What vmsctl sees of the environment (VMS_URL, VMS_TOKEN); the test process's own is not used.</param>
    /// <param name="errorIsTerminal">Whether vmsctl believes stderr is a terminal (a redrawn progress bar).</param>
    /// <param name="stdin">What vmsctl reads on stdin (a password); nothing when null.</param>
    public static async Task<VmsctlResult> RunAsync(string[] args, Func<string, string?> environment, bool errorIsTerminal = false, string? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var code = await VmsctlApp.RunAsync(args, new CliConsole(stdout, stderr, errorIsTerminal) { In = input }, environment);
        return new VmsctlResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The built vmsctl binary (its apphost), as a real process; killed by PID if it does not end in time.
    /// It sees none of the test process's VMS_* settings, and <paramref name="stdin"/> (or nothing) on stdin.
    /// </summary>
    public static async Task<VmsctlResult> RunProcessAsync(string[] args, IDictionary<string, string>? environment = null, string? stdin = null)
    {
        var dll = RepoPaths.ServiceDll(Path.Combine("tools", "Vmsctl"), "vmsctl");
        var info = new ProcessStartInfo(Path.ChangeExtension(dll, null))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("VMS_", StringComparison.Ordinal)).ToList()) info.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        // A password for login, then end of input: a vmsctl that reads stdin never waits for the test runner's.
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
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
