namespace VmsServices.Vmsctl.Commands;

/// <summary>Every command group, in the order --help lists them.</summary>
public static class CommandGroups
{
    public static readonly IReadOnlyList<ICommandGroup> All =
    [
        new LoginCommand(),
        new ServersCommands(),
        new DevicesCommands(),
        new DiscoveryCommands(),
        new HistoryCommand(),
        new MoveCommands(),
        new TableCommand(),
        new SegmentsCommand(),
        new ExportCommand(),
        new ArchiveCommand(),
        new HealthCommand(),
        new ErrorsCommands(),
        new UsersCommands(),
    ];
}
