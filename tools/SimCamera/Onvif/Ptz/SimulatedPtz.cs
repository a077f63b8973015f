namespace VmsServices.SimCamera.Onvif.Ptz;

/// <summary>
/// The simulated head of one camera: a pan/tilt/zoom position in the generic spaces (pan and tilt in [-1, 1], zoom
/// in [0, 1]) that integrates the velocity of the last ContinuousMove over time, until Stop, a zero velocity or the
/// move's timeout (ONVIF PTZ 5.3.3). Time comes from the injected clock, so tests advance it instead of sleeping.
/// </summary>
internal sealed class SimulatedPtz
{
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly Axis _pan = new(-1, 1), _tilt = new(-1, 1), _zoom = new(0, 1);
    private long _continuousMoves;
    private long _stops;

    public SimulatedPtz(TimeProvider clock) => _clock = clock;

    /// <summary>Starts moving the axes whose velocity is given; a null velocity leaves that axis as it is.</summary>
    public void ContinuousMove(double? pan, double? tilt, double? zoom, TimeSpan timeout)
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var until = now + (long)(timeout.TotalSeconds * _clock.TimestampFrequency);
            Advance(now);
            if (pan is not null || tilt is not null)
            {
                // Pan and tilt form one vector in ONVIF: a PanTilt element sets both.
                _pan.Start(pan ?? 0, until);
                _tilt.Start(tilt ?? 0, until);
            }
            if (zoom is not null) _zoom.Start(zoom.Value, until);
            _continuousMoves++;
        }
    }

    public void Stop(bool panTilt, bool zoom)
    {
        lock (_gate)
        {
            Advance(_clock.GetTimestamp());
            if (panTilt)
            {
                _pan.Halt();
                _tilt.Halt();
            }
            if (zoom) _zoom.Halt();
            _stops++;
        }
    }

    public PtzState Read()
    {
        lock (_gate)
        {
            Advance(_clock.GetTimestamp());
            return new PtzState(_pan.Position, _tilt.Position, _zoom.Position, _pan.Moving || _tilt.Moving, _zoom.Moving,
                _continuousMoves + _stops, _continuousMoves, _stops);
        }
    }

    private void Advance(long now)
    {
        _pan.Advance(now, _clock.TimestampFrequency);
        _tilt.Advance(now, _clock.TimestampFrequency);
        _zoom.Advance(now, _clock.TimestampFrequency);
    }

    /// <summary>One axis: position, velocity (units per second) and the timestamp the movement ends at.</summary>
    private sealed class Axis(double min, double max)
    {
        private double _velocity;
        private long _since;
        private long _until;

        public double Position { get; private set; } = Math.Clamp(0, min, max);
        public bool Moving => _velocity != 0;

        public void Start(double velocity, long until)
        {
            _velocity = velocity;
            _until = until;
        }

        public void Halt() => _velocity = 0;

        public void Advance(long now, long frequency)
        {
            var end = Math.Min(now, _until);
            if (_velocity != 0 && end > _since)
                Position = Math.Clamp(Position + _velocity * (end - _since) / frequency, min, max);
            if (now >= _until) _velocity = 0;
            _since = now;
        }
    }
}
