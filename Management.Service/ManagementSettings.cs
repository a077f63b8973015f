using VmsServices.Hosting.Data;
using VmsServices.Management.Assignment;
using VmsServices.Management.Discovery;
using VmsServices.Management.Failover;
using VmsServices.Management.Moves;

namespace VmsServices.Management;

/// <summary>Settings of the "Management" configuration section.</summary>
public sealed class ManagementSettings
{
    public const string Section = "Management";

    /// <summary>Where the master configuration table lives. Default: SQLite file data/management.db.</summary>
    public DatabaseSettings Database { get; set; } = new() { ConnectionString = "data/management.db" };

    /// <summary>Moving devices between recording servers ("Management:Moves").</summary>
    public MoveSettings Moves { get; set; } = new();

    /// <summary>Failure detection and failover of recording servers ("Management:Failover").</summary>
    public FailoverSettings Failover { get; set; } = new();

    /// <summary>Automatic assignment and rebalancing ("Management:Assignment").</summary>
    public AssignmentSettings Assignment { get; set; } = new();

    /// <summary>ONVIF discovery and attach ("Management:Discovery").</summary>
    public DiscoverySettings Discovery { get; set; } = new();

    /// <summary>Users, sign-in and tokens ("Management:Auth").</summary>
    public Users.AuthSettings Auth { get; set; } = new();
}
