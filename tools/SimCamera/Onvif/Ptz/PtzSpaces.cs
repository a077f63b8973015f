namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>The generic coordinate spaces of ONVIF PTZ 5.7 the simulated node supports, and its default timeout.</summary>
internal static class PtzSpaces
{
    public const string PanTiltPosition = "http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace";
    public const string ZoomPosition = "http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace";
    public const string PanTiltVelocity = "http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace";
    public const string ZoomVelocity = "http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace";

    /// <summary>DefaultPTZTimeout of the configuration: how long a ContinuousMove without Timeout lasts.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Longest Timeout a ContinuousMove may ask for (ter:TimeoutNotSupported beyond).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    public const string NodeToken = "ptz_node";
}
