namespace VmsServices.Onvif;

/// <summary>
/// GetSystemDateAndTime (ONVIF Core §8.3.10). <see cref="UtcTime"/> is null when the device does
/// not report UTCDateTime (or reports an impossible date); its local time is not used since the
/// POSIX TZ string would have to be interpreted.
/// </summary>
public sealed record OnvifSystemTime(DateTimeOffset? UtcTime, string? DateTimeType, string? TimeZone);
