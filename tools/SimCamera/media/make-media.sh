#!/usr/bin/env bash
# Regenerates the looped H.264 Annex-B elementary streams served by the simulated camera.
#
#   loop720p.h264 : 1280x720, 25 fps, 4 s, main profile, ~2 Mbit/s CBR-ish, GOP 1 s (IDR every 25 frames),
#                   no B-frames, no scene-cut keyframes  -> about 1 MB
#   loop360p.h264 : 640x360, 25 fps, 2 s, ~300 kbit/s, same GOP structure -> small asset for cheap tests
#   snapshot.jpg  : 160x90 JPEG, one test-pattern frame served at the ONVIF snapshot URI (~3 KB)
#
# Both end on a complete GOP so they loop cleanly (every loop iteration starts with an IDR carrying SPS/PPS).
# Usage: ./make-media.sh            (run from anywhere; writes next to this script)
# Requires ffmpeg with libx264 (tested with ffmpeg 5.1).
set -euo pipefail
cd "$(dirname "$0")"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i testsrc2=size=1280x720:rate=25 \
  -c:v libx264 -profile:v main -preset veryfast -tune zerolatency \
  -b:v 2M -maxrate 2M -bufsize 1M \
  -g 25 -keyint_min 25 -sc_threshold 0 -bf 0 \
  -x264-params "repeat-headers=1" \
  -t 4 -f h264 loop720p.h264

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i testsrc2=size=640x360:rate=25 \
  -c:v libx264 -profile:v main -preset veryfast -tune zerolatency \
  -b:v 300k -maxrate 300k -bufsize 150k \
  -g 25 -keyint_min 25 -sc_threshold 0 -bf 0 \
  -x264-params "repeat-headers=1" \
  -t 2 -f h264 loop360p.h264

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i testsrc2=size=160x90:rate=1 -frames:v 1 -q:v 6 snapshot.jpg

ls -l loop720p.h264 loop360p.h264 snapshot.jpg
