using System;
using System.Threading;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>
    /// Measures what the code under test allocates, not what the test host's other threads allocate meanwhile
    /// (a process-wide count on a loaded machine once read 168 bytes for a call that allocates nothing).
    /// </summary>
    public static class Allocations
    {
        /// <summary>
        /// Bytes the calling thread allocates in <paramref name="action"/> (<see cref="GC.GetAllocatedBytesForCurrentThread"/>:
        /// other threads never count). The least of up to <paramref name="attempts"/> runs, stopping at the first 0, so that a
        /// one-time cost the runtime charges to the thread (a JIT tier-up's type load) does not count; a per-call allocation
        /// shows in every run.
        /// </summary>
        public static long OnThisThread(Action action, int attempts = 5)
        {
            long least = long.MaxValue;
            for (int i = 0; i < attempts && least != 0; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                action();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }

        /// <summary>
        /// Bytes the whole process allocates while <paramref name="action"/> runs, work it hands to thread-pool threads
        /// included (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise). Another thread of the test host may allocate
        /// during a run, so this is the least of up to <paramref name="attempts"/> runs, stopping at the first 0, with a
        /// short pause between runs so that periodic work of the host does not line up with them: noise cannot be in every
        /// run, an allocation the action makes on every call is. Keep the action short (microseconds to a millisecond).
        /// </summary>
        public static long InProcess(Action action, int attempts = 50)
        {
            long least = long.MaxValue;
            for (int i = 0; i < attempts && least != 0; i++)
            {
                if (i > 0) Thread.Sleep(i % 3);
                long before = GC.GetTotalAllocatedBytes(precise: true);
                action();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            return least;
        }
    }
}
