using System.Runtime.InteropServices;

namespace MarkovFunctions.TestSupport;

/// <summary>POSIX signals to a process the tests started, by its PID (never by name).</summary>
public static class ProcessSignals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Interrupt = 2;

    /// <summary>0 when the signal was sent; -1 when the process is gone.</summary>
    public static int Send(int pid, int signal) => NativeKill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}
