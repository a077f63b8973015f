using VmsServices.Management.ConfigurationTable;

namespace VmsServices.Management.Moves;

/// <summary>
/// Who asks for a move. Failover and rebalancing move devices on their own; their moves leave the
/// device's placement automatic, while a move asked by a person pins the device where they put it.
/// </summary>
public static class MoveRequesters
{
    private const string SystemPrefix = "system:";
    public const string Failover = SystemPrefix + "failover";
    public const string Rebalance = SystemPrefix + "rebalance";

    public static bool IsSystem(string requestedBy) => requestedBy.StartsWith(SystemPrefix, StringComparison.Ordinal);

    public static string PlacementOf(string requestedBy) => IsSystem(requestedBy) ? Placements.Automatic : Placements.Manual;
}
