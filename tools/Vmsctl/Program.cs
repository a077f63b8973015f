using VmsServices.Vmsctl;
using VmsServices.Vmsctl.Cli;

return await VmsctlApp.RunAsync(args, CliConsole.System, Environment.GetEnvironmentVariable, handleTerminationSignals: true);
