using System.Xml.Linq;
using VmsServices.SimCamera.Onvif.Device;
using VmsServices.SimCamera.Onvif.Media;
using VmsServices.SimCamera.Onvif.Ptz;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>Finds the operation for a (namespace, name) posted to one service's path.</summary>
internal sealed class SoapDispatcher
{
    private readonly Dictionary<XName, ISoapOperation> _operations;

    public SoapDispatcher(IEnumerable<ISoapOperation> operations) =>
        _operations = operations.ToDictionary(o => XName.Get(o.Name, o.Service.Namespace()));

    /// <summary>Every operation the simulated devices implement.</summary>
    public static SoapDispatcher CreateDefault() => new(
    [
        new GetSystemDateAndTime(), new GetDeviceInformation(), new GetCapabilities(), new GetServices(), new GetScopes(),
        new GetProfiles(), new GetStreamUri(), new GetSnapshotUri(),
        new ContinuousMove(), new Stop(), new GetStatus(),
    ]);

    /// <summary>The operation, or the ter:ActionNotSupported fault ONVIF Core 5.1.2 asks for. An operation posted to
    /// another service's path is refused too, so that a client using the wrong XAddr notices.</summary>
    public ISoapOperation Find(OnvifService service, XName operation)
    {
        if (operation.NamespaceName != service.Namespace())
            throw SoapFault.ActionNotSupported($"{operation.LocalName} ({operation.NamespaceName}) is not an operation of the {service.Path()}.");
        return _operations.GetValueOrDefault(operation)
            ?? throw SoapFault.ActionNotSupported($"{operation.LocalName} is not implemented by this simulated device.");
    }
}
