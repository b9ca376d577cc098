// The runners' tests use /proc, POSIX signals and shell scripts.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
