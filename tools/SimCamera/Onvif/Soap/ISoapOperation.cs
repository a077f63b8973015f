namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>One ONVIF operation: the service (namespace) and name it answers to, and its handler.</summary>
internal interface ISoapOperation
{
    OnvifService Service { get; }
    string Name { get; }

    /// <summary>Answered without credentials. Only GetSystemDateAndTime is: clients read the device clock before
    /// they can build a UsernameToken whose Created the device accepts (ONVIF Core 5.9.1). Core's PRE_AUTH class
    /// also covers GetCapabilities and GetServices; protecting them, as many cameras do, makes the stricter double.</summary>
    bool Anonymous => false;

    /// <summary>Returns the content of the response Body, or throws <see cref="SoapFault"/> on bad input.</summary>
    string Handle(SoapCall call);
}
