using System;
using System.Threading;
using CnnGen.Tests.Infrastructure;
using Xunit;

namespace CnnGen.Tests.Runtime
{
    /// <summary>
    /// The allocation measurements the zero-allocation tests rely on still see a real allocation: on the calling thread, and
    /// on a thread-pool thread (where the batch workers run).
    /// </summary>
    [Collection(nameof(BatchPredictTests))]
    public class AllocationsTests
    {
        private static object? s_sink;

        [Fact]
        public void The_calling_thread_measurement_sees_an_allocation_and_nothing_else()
        {
            Assert.True(Allocations.OnThisThread(() => s_sink = new byte[100]) >= 100);
            Assert.Equal(0, Allocations.OnThisThread(() => s_sink = null));
            // Another thread's allocation is not the calling thread's.
            Assert.Equal(0, Allocations.OnThisThread(() => OnPoolThread(() => s_sink = new byte[1000]), attempts: 20));
        }

        [Fact]
        public void The_process_measurement_sees_an_allocation_on_a_pool_thread()
        {
            // Warm the pool work item and the event first: their own one-time costs are not what is measured.
            OnPoolThread(() => { });
            Assert.True(Allocations.InProcess(() => OnPoolThread(() => s_sink = new byte[100])) >= 100);
            Assert.True(Allocations.InProcess(() => s_sink = new object()) > 0);
        }

        /// <summary>Runs <paramref name="work"/> on a thread-pool thread, as the batch workers do, and waits for it.</summary>
        private static void OnPoolThread(Action work)
        {
            s_item.Work = work;
            s_item.Done.Reset();
            ThreadPool.UnsafeQueueUserWorkItem(s_item, preferLocal: false);
            s_item.Done.Wait();
        }

        private static readonly WorkItem s_item = new WorkItem();

        private sealed class WorkItem : IThreadPoolWorkItem
        {
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim(false);
            public Action Work = () => { };

            public void Execute()
            {
                Work();
                Done.Set();
            }
        }
    }
}
