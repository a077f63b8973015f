#!/usr/bin/env python3
"""A tiny RTSP "camera" for integration tests, built on the GStreamer RTSP server.

Usage: gst_rtsp_camera.py PORT [--audio aac|pcma|none]
Serves rtsp://127.0.0.1:PORT/cam with live H.264 video (and optionally audio), prints
"READY" once listening, and exits on SIGTERM/SIGINT.
"""
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

VIDEO = ("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 "
         "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 "
         "! rtph264pay name=pay0 pt=96")
AUDIO = {
    "aac": ("audiotestsrc is-live=true ! audioconvert ! audioresample "
            "! audio/x-raw,rate=16000,channels=1 ! voaacenc ! rtpmp4gpay name=pay1 pt=97"),
    "pcma": ("audiotestsrc is-live=true ! audioconvert ! audioresample "
             "! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8"),
    "none": "",
}


def main() -> int:
    port = sys.argv[1]
    audio = "aac"
    if "--audio" in sys.argv:
        audio = sys.argv[sys.argv.index("--audio") + 1]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch("( " + VIDEO + " " + AUDIO[audio] + " )")
    factory.set_shared(True)
    server.get_mount_points().add_factory("/cam", factory)
    if server.attach(None) == 0:
        print("FAILED to attach", flush=True)
        return 1
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("READY", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
