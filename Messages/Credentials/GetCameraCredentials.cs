namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for the camera account a device's <c>CredentialsRef</c> names,
/// asked when it connects to the camera. The management server answers only for a reference used by a
/// device whose configuration table rows name <paramref name="RecordingServerId"/>: a server gets the
/// secrets of its own cameras only. Answered with <see cref="CameraCredentialsReply"/>.
/// </summary>
public sealed record GetCameraCredentials(string RecordingServerId, string CredentialsRef);
