using System.CommandLine;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// The extension point: one class (one file) per group of commands, listed in <see cref="CommandGroups"/>.
/// A new API gets its commands by adding a group there; nothing else changes.
/// </summary>
public interface ICommandGroup
{
    IEnumerable<Command> Create(GlobalOptions globals);
}
