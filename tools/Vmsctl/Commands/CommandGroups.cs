namespace VmsServices.Vmsctl.Commands;

/// <summary>Every command group, in the order --help lists them. Add discover, attach, history here when their APIs exist.</summary>
public static class CommandGroups
{
    public static readonly IReadOnlyList<ICommandGroup> All =
    [
        new ServersCommands(),
        new DevicesCommands(),
        new DiscoveryCommands(),
        new HistoryCommand(),
        new MoveCommands(),
        new TableCommand(),
        new SegmentsCommand(),
        new ExportCommand(),
        new HealthCommand(),
        new ErrorsCommands(),
    ];
}
