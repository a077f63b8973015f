using System.Runtime.InteropServices;

namespace VmsServices.Hosting.Lifetime.Windows;

/// <summary>
/// The advapi32 calls a Windows service needs (Microsoft.Extensions.Hosting.WindowsServices is not
/// restorable here, see docs). DllImport with explicit W entry points, Unicode strings and
/// SetLastError, so that failures can be reported with their Win32 error. Only called on Windows;
/// tests/Operations.Tests checks these declarations by reflection.
/// </summary>
internal static class NativeMethods
{
    private const string Advapi32 = "advapi32.dll";
    private const string Ntdll = "ntdll.dll";

    public const int ServiceWin32OwnProcess = 0x10;           // SERVICE_WIN32_OWN_PROCESS
    public const int NoError = 0;
    public const int ErrorCallNotImplemented = 120;           // ERROR_CALL_NOT_IMPLEMENTED
    public const int ErrorFailedServiceControllerConnect = 1063;
    public const uint ScManagerConnect = 0x0001;              // SC_MANAGER_CONNECT
    public const uint ServiceChangeConfig = 0x0002;           // SERVICE_CHANGE_CONFIG
    public const uint ServiceStart = 0x0010;                  // SERVICE_START: SC_ACTION_RESTART needs it
    public const uint ServiceConfigFailureActions = 2;        // SERVICE_CONFIG_FAILURE_ACTIONS
    public const uint ServiceConfigFailureActionsFlag = 4;    // SERVICE_CONFIG_FAILURE_ACTIONS_FLAG

    [UnmanagedFunctionPointer(CallingConvention.Winapi)]
    public delegate void ServiceMainCallback(int argc, IntPtr argv);

    [UnmanagedFunctionPointer(CallingConvention.Winapi)]
    public delegate int ServiceControlHandlerEx(int control, int eventType, IntPtr eventData, IntPtr context);

    /// <summary>Blocks the calling thread until every service of the process has reported STOPPED.</summary>
    [DllImport(Advapi32, EntryPoint = "StartServiceCtrlDispatcherW", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
    public static extern bool StartServiceCtrlDispatcher([In] ServiceTableEntry[] serviceTable);

    [DllImport(Advapi32, EntryPoint = "RegisterServiceCtrlHandlerExW", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
    public static extern IntPtr RegisterServiceCtrlHandlerEx(string serviceName, ServiceControlHandlerEx handler, IntPtr context);

    [DllImport(Advapi32, EntryPoint = "SetServiceStatus", SetLastError = true, ExactSpelling = true)]
    public static extern bool SetServiceStatus(IntPtr statusHandle, ref ServiceStatus status);

    [DllImport(Advapi32, EntryPoint = "OpenSCManagerW", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
    public static extern IntPtr OpenSCManager(string? machineName, string? databaseName, uint desiredAccess);

    [DllImport(Advapi32, EntryPoint = "OpenServiceW", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
    public static extern IntPtr OpenService(IntPtr scManager, string serviceName, uint desiredAccess);

    /// <summary><paramref name="info"/> points to the level's structure (see <see cref="FailureActionsNative"/>).</summary>
    [DllImport(Advapi32, EntryPoint = "ChangeServiceConfig2W", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
    public static extern bool ChangeServiceConfig2(IntPtr service, uint infoLevel, IntPtr info);

    [DllImport(Advapi32, EntryPoint = "CloseServiceHandle", SetLastError = true, ExactSpelling = true)]
    public static extern bool CloseServiceHandle(IntPtr handle);

    /// <summary>ProcessBasicInformation (class 0) gives the parent's process id; returns an NTSTATUS.</summary>
    [DllImport(Ntdll, EntryPoint = "NtQueryInformationProcess", ExactSpelling = true)]
    public static extern int NtQueryInformationProcess(IntPtr process, int informationClass, ref ProcessBasicInformation information, int length, out int returnLength);
}

/// <summary>SERVICE_STATUS: seven DWORDs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceStatus
{
    public int ServiceType;
    public int CurrentState;
    public int ControlsAccepted;
    public int Win32ExitCode;
    public int ServiceSpecificExitCode;
    public int CheckPoint;
    public int WaitHint;

    public static ServiceStatus From(ServiceStatusReport r) => new()
    {
        ServiceType = NativeMethods.ServiceWin32OwnProcess,
        CurrentState = (int)r.State,
        ControlsAccepted = r.ControlsAccepted,
        Win32ExitCode = r.Win32ExitCode,
        ServiceSpecificExitCode = r.ServiceSpecificExitCode,
        CheckPoint = r.CheckPoint,
        WaitHint = r.WaitHintMs,
    };
}

/// <summary>SERVICE_TABLE_ENTRYW: LPWSTR name and LPSERVICE_MAIN_FUNCTIONW, both pointers (the table ends with a zeroed entry).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceTableEntry
{
    public IntPtr ServiceName;
    public IntPtr ServiceProc;
}

/// <summary>SERVICE_FAILURE_ACTIONSW; lpsaActions points to <see cref="ScAction"/>s.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceFailureActions
{
    public int ResetPeriodSeconds;   // dwResetPeriod
    public IntPtr RebootMessage;     // lpRebootMsg (null: unchanged)
    public IntPtr Command;           // lpCommand (null: unchanged)
    public int ActionCount;          // cActions
    public IntPtr Actions;           // lpsaActions
}

/// <summary>SC_ACTION: SC_ACTION_TYPE and a delay in milliseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScAction
{
    public const int None = 0;       // SC_ACTION_NONE
    public const int Restart = 1;    // SC_ACTION_RESTART
    public int Type;
    public int DelayMs;
}

/// <summary>SERVICE_FAILURE_ACTIONS_FLAG: a BOOL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceFailureActionsFlag
{
    public int FailureActionsOnNonCrashFailures;
}

/// <summary>PROCESS_BASIC_INFORMATION (the documented part of it).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProcessBasicInformation
{
    public IntPtr ExitStatus;
    public IntPtr PebBaseAddress;
    public IntPtr AffinityMask;
    public IntPtr BasePriority;
    public IntPtr UniqueProcessId;
    public IntPtr InheritedFromUniqueProcessId;
}
