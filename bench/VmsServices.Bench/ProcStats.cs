using System.Globalization;
using System.Runtime.InteropServices;

namespace VmsServices.Bench;

/// <summary>Reads the Linux /proc figures the benchmark reports. Every reader returns null when the process is gone.</summary>
internal static class ProcStats
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux

    [DllImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static extern long SysConf(int name);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public const int SigTerm = 15;

    public static readonly double ClockTicksPerSecond = ReadClockTicks();

    public static bool SendSignal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>utime + stime of the process in seconds (/proc/pid/stat fields 14 and 15).</summary>
    public static double? CpuSeconds(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        return text is null ? null : StatCpuSeconds(text);
    }

    /// <summary>utime + stime of a /proc/.../stat line (a process's or a thread's), in seconds.</summary>
    private static double StatCpuSeconds(string text)
    {
        // The command name (field 2) is in parentheses and may hold spaces: parse after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) fields[12].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / ClockTicksPerSecond;
    }

    /// <summary>
    /// CPU seconds of each live thread of a process, summed by thread name with digits dropped
    /// (/proc/pid/task/tid/stat; ".NET TP Worker", ".NET Server GC", ...): where a process's CPU goes.
    /// </summary>
    public static Dictionary<string, double> CpuSecondsByThreadName(int pid)
    {
        var result = new Dictionary<string, double>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result;
        }
        foreach (var task in tasks)
        {
            var text = TryRead($"{task}/stat");
            if (text is null) continue; // the thread ended meanwhile
            var name = new string(text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')].Where(c => !char.IsDigit(c)).ToArray()).Trim();
            result[name] = result.GetValueOrDefault(name) + StatCpuSeconds(text);
        }
        return result;
    }

    /// <summary>VmRSS in KiB (/proc/pid/status).</summary>
    public static long? RssKiB(int pid) => KiBField($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Private_Clean + Private_Dirty in KiB (/proc/pid/smaps_rollup): pages no other process maps.</summary>
    public static long? PrivateKiB(int pid)
    {
        var text = TryRead($"/proc/{pid}/smaps_rollup");
        if (text is null) return null;
        return KiB(text, "Private_Clean:") + KiB(text, "Private_Dirty:");
    }

    public static long MemAvailableKiB() => KiBField("/proc/meminfo", "MemAvailable:") ?? 0;

    /// <summary>Machine-wide (busy, total) jiffies from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) MachineCpu()
    {
        var line = File.ReadLines("/proc/stat").First();
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var total = v.Sum();
        var idle = v[3] + v[4]; // idle + iowait
        return (total - idle, total);
    }

    private static long? KiBField(string path, string key)
    {
        var text = TryRead(path);
        return text is null ? null : KiB(text, key);
    }

    private static long KiB(string text, string key)
    {
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return 0;
        var rest = text.AsSpan(at + key.Length);
        var end = rest.IndexOf('\n');
        if (end >= 0) rest = rest[..end];
        rest = rest.Trim();
        if (rest.EndsWith("kB")) rest = rest[..^2].Trim();
        return long.Parse(rest, CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double ReadClockTicks()
    {
        try
        {
            var v = SysConf(ScClkTck);
            return v > 0 ? v : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }
}
