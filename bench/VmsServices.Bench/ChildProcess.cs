using System.Collections.Concurrent;
using System.Diagnostics;

namespace VmsServices.Bench;

/// <summary>
/// A process this benchmark started. Every one is registered until it is reaped, so that
/// <see cref="KillAll"/> (run on Ctrl+C, SIGTERM, process exit and any failure) stops exactly
/// the processes we started, by PID, and nothing else. The last lines of its output are kept
/// for error messages.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, ChildProcess> Running = new();
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Action<string>? _onLine;

    private ChildProcess(Process process, string name, Action<string>? onLine)
    {
        _process = process;
        Name = name;
        _onLine = onLine;
    }

    public string Name { get; }
    public int Pid { get; private set; }
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Tail
    {
        get { lock (_tail) return string.Join(Environment.NewLine, _tail); }
    }

    /// <summary>
    /// The niceness both measured recorders run at: below the simulated camera they both depend on, so
    /// that on a busy machine (256 ffmpeg processes share the cores with it as equals) the camera is not
    /// the one starved, which would show as lost segments of whichever side is measured.
    /// </summary>
    public const int MeasuredNiceness = 5;

    /// <param name="niceness">Run the program through <c>nice -n</c> (Linux): every thread starts at that niceness, and the PID is the program's.</param>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string>? environment = null, Action<string>? onLine = null, int niceness = 0)
    {
        if (niceness != 0 && OperatingSystem.IsLinux())
        {
            args = ["-n", niceness.ToString(System.Globalization.CultureInfo.InvariantCulture), fileName, .. args];
            fileName = "nice";
        }
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name, onLine);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        child.Pid = process.Id;
        Running[child.Pid] = child;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM (the way an operator or systemd stops it), then kill after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            ProcStats.SendSignal(Pid, ProcStats.SigTerm);
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        await WaitReapedAsync();
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited meanwhile
        }
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>Kills every child still registered; synchronous so it can run from a signal or exit handler.</summary>
    public static void KillAll()
    {
        foreach (var child in Running.Values) child.Kill();
        foreach (var child in Running.Values)
        {
            try
            {
                child._process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public static int RunningCount => Running.Count;

    public async ValueTask DisposeAsync()
    {
        Kill();
        await WaitReapedAsync();
        _process.Dispose();
    }

    private async Task WaitReapedAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        if (_process.HasExited) Running.TryRemove(Pid, out _);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
        _onLine?.Invoke(line);
    }
}
