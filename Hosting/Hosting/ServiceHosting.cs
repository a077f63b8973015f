using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.EventLog;
using VmsServices.Hosting.Lifetime.Systemd;
using VmsServices.Hosting.Lifetime.Windows;

namespace VmsServices.Hosting.Lifetime;

/// <summary>How a service process is being run.</summary>
public enum ServiceHostMode
{
    /// <summary>A console (or a test): Ctrl+C / SIGTERM stop it, logs go to the console.</summary>
    Console,

    /// <summary>Under systemd (INVOCATION_ID or NOTIFY_SOCKET set): sd_notify when NOTIFY_SOCKET is set, journal-style console logs.</summary>
    Systemd,

    /// <summary>Under the Windows service control manager: SCM lifetime, warnings and errors to the event log.</summary>
    WindowsService,
}

/// <summary>
/// Picks the lifetime of a service process from its command line and environment, in Program.cs:
/// <code>
/// var hosting = ServiceHosting.Detect(args);
/// var builder = WebApplication.CreateBuilder(hosting.WebApplicationOptions);
/// hosting.Apply(builder, "VmsManagement");
/// </code>
/// Windows service: on Windows, with the <c>--service</c> switch (the MSI installs the services with
/// it) or when the parent process is services.exe. systemd: on Linux, when systemd's INVOCATION_ID or
/// NOTIFY_SOCKET is in the environment. Otherwise a console process, as before.
/// </summary>
public sealed class ServiceHosting
{
    public const string ServiceSwitch = "--service";

    private ServiceHosting(ServiceHostMode mode, string[] args)
    {
        Mode = mode;
        Args = args;
    }

    public ServiceHostMode Mode { get; }

    /// <summary>The command line without <see cref="ServiceSwitch"/> (which is no configuration key).</summary>
    public string[] Args { get; }

    /// <summary>
    /// As a service, the content root (appsettings.json) is the program's folder, not the working
    /// directory: the SCM starts services in System32, systemd in the state directory.
    /// </summary>
    public WebApplicationOptions WebApplicationOptions => Mode == ServiceHostMode.Console
        ? new() { Args = Args }
        : new() { Args = Args, ContentRootPath = AppContext.BaseDirectory };

    public static ServiceHosting Detect(string[] args) =>
        Detect(args, OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable, ParentIsServicesExe);

    /// <summary>The rule, with the platform facts passed in so that tests can check it anywhere.</summary>
    internal static ServiceHosting Detect(string[] args, bool windows, Func<string, string?> environment, Func<bool> parentIsServicesExe)
    {
        var rest = args.Where(a => !string.Equals(a, ServiceSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();
        var serviceSwitch = rest.Length != args.Length;
        if (windows)
            return new(serviceSwitch || parentIsServicesExe() ? ServiceHostMode.WindowsService : ServiceHostMode.Console, rest);
        var systemd = !string.IsNullOrEmpty(environment("INVOCATION_ID")) || !string.IsNullOrEmpty(environment("NOTIFY_SOCKET"));
        return new(systemd ? ServiceHostMode.Systemd : ServiceHostMode.Console, rest);
    }

    /// <summary>
    /// Adds the lifetime of <see cref="Mode"/>. <paramref name="serviceName"/> is the Windows service
    /// name (configuration "Service:Name" overrides it) and the event log source.
    /// </summary>
    public void Apply(IHostApplicationBuilder builder, string serviceName)
    {
        switch (Mode)
        {
            case ServiceHostMode.WindowsService when OperatingSystem.IsWindows():
                ApplyWindows(builder, builder.Configuration["Service:Name"] ?? serviceName);
                break;
            case ServiceHostMode.Systemd:
                // journald stamps time and unit itself; the systemd format adds the <N> priority prefix it understands.
                builder.Logging.ClearProviders();
                builder.Logging.AddSystemdConsole();
                builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
                builder.Services.AddSingleton(SystemdNotifier.FromEnvironment());
                builder.Services.AddHostedService<SystemdNotifyService>();
                break;
        }
    }

    [SupportedOSPlatform("windows")]
    private static void ApplyWindows(IHostApplicationBuilder builder, string serviceName)
    {
        // Relative data paths (data/management.db, data/rec-1) land under ProgramData, which the
        // MSI creates and never removes, instead of System32.
        var dataDirectory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "VmsServices");
        Directory.CreateDirectory(dataDirectory);
        WindowsDataDirectory.RestrictToAdministrators(dataDirectory);
        Environment.CurrentDirectory = dataDirectory;
        // The site's settings (ProgramData\VmsServices\<service>.json) override the shipped
        // appsettings.json but not environment variables or the command line; the MSI never
        // installs that file, so upgrades keep it (wixl has no NeverOverwrite/Permanent).
        var sources = builder.Configuration.Sources;
        var afterJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource, (null!, -1)).i + 1;
        sources.Insert(afterJson, new JsonConfigurationSource
        {
            Path = serviceName + ".json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(dataDirectory),
        });
        builder.Logging.AddEventLog();
        builder.Services.Configure<EventLogSettings>(s =>
        {
            if (string.IsNullOrEmpty(s.SourceName)) s.SourceName = serviceName;
        });
        builder.Services.AddSingleton(new WindowsServiceOptions { ServiceName = serviceName });
        builder.Services.AddSingleton<IHostLifetime, WindowsServiceLifetime>();
    }

    /// <summary>A service started by the SCM is a child of services.exe (in session 0).</summary>
    private static bool ParentIsServicesExe()
    {
        if (!OperatingSystem.IsWindows()) return false;
        try
        {
            using var self = Process.GetCurrentProcess();
            var info = new ProcessBasicInformation();
            if (NativeMethods.NtQueryInformationProcess(self.Handle, 0, ref info, Marshal.SizeOf<ProcessBasicInformation>(), out _) != 0)
                return false;
            using var parent = Process.GetProcessById((int)info.InheritedFromUniqueProcessId);
            return parent.SessionId == 0 && string.Equals(parent.ProcessName, "services", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // parent gone: not the SCM, which outlives its services
        }
    }
}
