using System.Diagnostics;
using System.Text;

namespace VmsServices.TestSupport;

/// <summary>
/// A service run as a real OS process (dotnet &lt;dll&gt; with settings on its command line). Its
/// output is kept for the failure message; it is stopped by PID on dispose, also when a test fails.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ServiceProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ServiceProcess Start(string name, string dll, string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        StartCommand(name, "dotnet", [dll, .. args], workingDirectory, environment);

    /// <summary>
    /// Any command; with <paramref name="ownProcessGroup"/> it runs under setsid, so that
    /// <see cref="StopGroupGracefullyAsync"/> can signal it and every child it starts.
    /// </summary>
    public static ServiceProcess StartCommand(string name, string fileName, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string>? environment = null, bool ownProcessGroup = false)
    {
        var info = new ProcessStartInfo(ownProcessGroup ? "setsid" : fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ownProcessGroup) info.ArgumentList.Add(fileName);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, name);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>kill -9: no chance to flush or say goodbye, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or an operator stops a service; false if it did not exit in time.</summary>
    public async Task<bool> StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        Posix.Kill(_process.Id, Posix.SIGTERM);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to the whole process group (the process was started with ownProcessGroup).</summary>
    public async Task<bool> StopGroupGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        Posix.Kill(-_process.Id, Posix.SIGTERM);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 2_000_000) _output.AppendLine(line);
        }
    }
}

internal static class Posix
{
    public const int SIGTERM = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
