using System.Reflection;
using System.Runtime.InteropServices;
using VmsServices.Hosting.Lifetime.Windows;

namespace VmsServices.Operations.Tests;

/// <summary>
/// The advapi32 declarations cannot be called here (Linux); a wrong entry point, charset or struct
/// size would only show on a Windows machine. These tests pin them to the Win32 headers (winsvc.h).
/// </summary>
public class WindowsInteropTests
{
    private static readonly Type Native = typeof(ServiceStatusMachine).Assembly.GetType("VmsServices.Hosting.Lifetime.Windows.NativeMethods", throwOnError: true)!;

    private static (MethodInfo Method, DllImportAttribute Import) Import(string name)
    {
        var method = Native.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.That(method, Is.Not.Null, name);
        Assert.That(method.Attributes.HasFlag(MethodAttributes.PinvokeImpl), Is.True, $"{name} is a P/Invoke");
        return (method, method.GetCustomAttribute<DllImportAttribute>()!);
    }

    [TestCase("StartServiceCtrlDispatcher", "advapi32.dll", "StartServiceCtrlDispatcherW", typeof(bool), new[] { typeof(ServiceTableEntry[]) })]
    [TestCase("RegisterServiceCtrlHandlerEx", "advapi32.dll", "RegisterServiceCtrlHandlerExW", typeof(IntPtr), new[] { typeof(string), typeof(NativeMethods.ServiceControlHandlerEx), typeof(IntPtr) })]
    [TestCase("OpenSCManager", "advapi32.dll", "OpenSCManagerW", typeof(IntPtr), new[] { typeof(string), typeof(string), typeof(uint) })]
    [TestCase("OpenService", "advapi32.dll", "OpenServiceW", typeof(IntPtr), new[] { typeof(IntPtr), typeof(string), typeof(uint) })]
    [TestCase("ChangeServiceConfig2", "advapi32.dll", "ChangeServiceConfig2W", typeof(bool), new[] { typeof(IntPtr), typeof(uint), typeof(IntPtr) })]
    public void Unicode_entry_points_with_last_error(string method, string dll, string entryPoint, Type returns, Type[] parameters)
    {
        var (m, import) = Import(method);
        Assert.That(import.Value, Is.EqualTo(dll));
        Assert.That(import.EntryPoint, Is.EqualTo(entryPoint));
        Assert.That(import.CharSet, Is.EqualTo(CharSet.Unicode), "the W functions take UTF-16");
        Assert.That(import.ExactSpelling, Is.True, "no A/W probing");
        Assert.That(import.SetLastError, Is.True, "failures are reported with GetLastWin32Error");
        Assert.That(m.ReturnType, Is.EqualTo(returns));
        Assert.That(m.GetParameters().Select(p => p.ParameterType), Is.EqualTo(parameters));
    }

    [Test]
    public void SetServiceStatus_takes_the_status_by_reference()
    {
        var (m, import) = Import("SetServiceStatus");
        Assert.That((import.Value, import.EntryPoint, import.SetLastError), Is.EqualTo(("advapi32.dll", "SetServiceStatus", true)));
        var p = m.GetParameters();
        Assert.That(p[0].ParameterType, Is.EqualTo(typeof(IntPtr)), "SERVICE_STATUS_HANDLE");
        Assert.That(p[1].ParameterType, Is.EqualTo(typeof(ServiceStatus).MakeByRefType()), "LPSERVICE_STATUS");
        Assert.That(Import("CloseServiceHandle").Import.EntryPoint, Is.EqualTo("CloseServiceHandle"));
    }

    [Test]
    public void Structs_have_the_native_sizes_and_offsets_of_64_bit_windows()
    {
        Assume.That(IntPtr.Size, Is.EqualTo(8), "the MSI is x64 only");
        Assert.That(Marshal.SizeOf<ServiceStatus>(), Is.EqualTo(28), "SERVICE_STATUS: 7 DWORDs");
        Assert.That(Marshal.OffsetOf<ServiceStatus>(nameof(ServiceStatus.WaitHint)), Is.EqualTo((IntPtr)24));
        Assert.That(Marshal.SizeOf<ServiceTableEntry>(), Is.EqualTo(16), "SERVICE_TABLE_ENTRYW: 2 pointers");
        Assert.That(Marshal.SizeOf<ScAction>(), Is.EqualTo(8), "SC_ACTION: enum + DWORD");
        Assert.That(Marshal.SizeOf<ServiceFailureActionsFlag>(), Is.EqualTo(4), "a BOOL");
        Assert.That(Marshal.SizeOf<ServiceFailureActions>(), Is.EqualTo(40), "SERVICE_FAILURE_ACTIONSW");
        Assert.That(Marshal.OffsetOf<ServiceFailureActions>(nameof(ServiceFailureActions.RebootMessage)), Is.EqualTo((IntPtr)8), "pointer aligned after the DWORD");
        Assert.That(Marshal.OffsetOf<ServiceFailureActions>(nameof(ServiceFailureActions.Command)), Is.EqualTo((IntPtr)16));
        Assert.That(Marshal.OffsetOf<ServiceFailureActions>(nameof(ServiceFailureActions.ActionCount)), Is.EqualTo((IntPtr)24));
        Assert.That(Marshal.OffsetOf<ServiceFailureActions>(nameof(ServiceFailureActions.Actions)), Is.EqualTo((IntPtr)32));
        Assert.That(Marshal.SizeOf<ProcessBasicInformation>(), Is.EqualTo(48));
    }

    [Test]
    public void Callbacks_use_the_winapi_calling_convention()
    {
        foreach (var type in new[] { typeof(NativeMethods.ServiceMainCallback), typeof(NativeMethods.ServiceControlHandlerEx) })
            Assert.That(type.GetCustomAttribute<UnmanagedFunctionPointerAttribute>()!.CallingConvention, Is.EqualTo(CallingConvention.Winapi), type.Name);
        var handler = typeof(NativeMethods.ServiceControlHandlerEx).GetMethod("Invoke")!;
        Assert.That(handler.ReturnType, Is.EqualTo(typeof(int)), "HandlerEx returns a DWORD");
        Assert.That(handler.GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(int), typeof(int), typeof(IntPtr), typeof(IntPtr) }));
    }

    [Test]
    public void Failure_actions_block_holds_the_header_and_its_restart_actions()
    {
        var plan = new FailureActionsPlan(TimeSpan.FromDays(1), [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)]);
        var block = FailureActionsNative.Allocate(plan);
        try
        {
            var header = Marshal.PtrToStructure<ServiceFailureActions>(block);
            Assert.That(header.ResetPeriodSeconds, Is.EqualTo(86_400), "dwResetPeriod is in seconds");
            Assert.That(header.RebootMessage, Is.EqualTo(IntPtr.Zero), "null: leave the reboot message unchanged");
            Assert.That(header.Command, Is.EqualTo(IntPtr.Zero), "null: leave the command unchanged");
            Assert.That(header.ActionCount, Is.EqualTo(3));
            Assert.That(header.Actions, Is.EqualTo(block + Marshal.SizeOf<ServiceFailureActions>()), "the actions follow the header in the same block");
            var actions = Enumerable.Range(0, 3).Select(i => Marshal.PtrToStructure<ScAction>(header.Actions + i * 8)).ToList();
            Assert.That(actions.Select(a => a.Type), Is.All.EqualTo(ScAction.Restart));
            Assert.That(actions.Select(a => a.DelayMs), Is.EqualTo(new[] { 5_000, 10_000, 30_000 }), "delays are in milliseconds");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    [Test]
    public void The_default_recovery_restarts_and_the_levels_are_the_documented_ones()
    {
        Assert.That(FailureActionsPlan.Default.RestartDelays, Has.Count.EqualTo(3));
        Assert.That(FailureActionsPlan.Default.RestartDelays, Is.All.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(NativeMethods.ServiceConfigFailureActions, Is.EqualTo(2u));
        Assert.That(NativeMethods.ServiceConfigFailureActionsFlag, Is.EqualTo(4u));
        Assert.That(NativeMethods.ServiceStart, Is.EqualTo(0x10u), "SC_ACTION_RESTART needs SERVICE_START access");
    }
}
