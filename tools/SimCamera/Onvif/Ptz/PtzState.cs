namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>A reading of a <see cref="SimulatedPtz"/>: position, whether it moves, and how many PTZ commands
/// (ContinuousMove and Stop) it has received. Also the JSON body of <c>GET /onvif/camN/ptz-state</c>.</summary>
public sealed record PtzState(double Pan, double Tilt, double Zoom, bool PanTiltMoving, bool ZoomMoving,
    long Commands, long ContinuousMoves, long Stops);
