using System.Diagnostics;

namespace VmsServices.ServingBench;

/// <summary>
/// Gives each recording server its own uplink of <c>--uplink-mbit</c> (HTB classes on the loopback
/// interface, one per server's HTTP port, matched on the source port), as if each ran on its own
/// machine with its own network card: what it sends, to a client or to a peer, leaves at that rate,
/// and two servers send at the same time. Everything else (RabbitMQ, PostgreSQL, requests) is not
/// shaped. Only inside a network namespace of its own (bench/serving-uplinks.sh makes one): the
/// benchmark refuses to touch the loopback of the machine.
/// </summary>
internal static class Uplinks
{
    public const string NamespaceVariable = "VMS_BENCH_PRIVATE_NETNS";

    public static void Shape(Cluster cluster, int mbit)
    {
        if (Environment.GetEnvironmentVariable(NamespaceVariable) != "1")
            throw new InvalidOperationException($"--uplink-mbit shapes the loopback interface: run it through bench/serving-uplinks.sh (a private network namespace), which sets {NamespaceVariable}=1.");
        Tc("qdisc add dev lo root handle 1: htb"); // unclassified traffic passes unshaped
        var classId = 10;
        foreach (var (id, (_, url, _)) in cluster.Recorders.OrderBy(r => r.Key))
        {
            var port = new Uri(url).Port;
            Tc($"class add dev lo parent 1: classid 1:{classId} htb rate {mbit}mbit ceil {mbit}mbit burst 128k cburst 128k");
            Tc($"filter add dev lo parent 1: protocol ip prio 1 u32 match ip sport {port} 0xffff flowid 1:{classId}");
            Console.WriteLine($"  {id} (port {port}) sends at {mbit} Mbit/s");
            classId++;
        }
    }

    private static void Tc(string arguments)
    {
        using var tc = Process.Start(new ProcessStartInfo("tc", arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = tc.StandardError.ReadToEnd();
        tc.WaitForExit();
        if (tc.ExitCode != 0) throw new InvalidOperationException($"tc {arguments}: {error.Trim()}");
    }
}
