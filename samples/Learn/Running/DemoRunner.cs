using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Runtime;

namespace AsyncRules.Learn.Running
{
    /// <summary>How a run keeps time: a virtual clock (deterministic, instant) or the real clock scaled down.</summary>
    internal sealed record RunMode(bool IsVirtual, double Scale)
    {
        public static RunMode Virtual { get; } = new(true, 1);

        public static RunMode Scaled(double scale) => new(false, scale);

        public override string ToString() => IsVirtual ? "virtual clock" : $"real clock x{Scale.ToString("0.###", CultureInfo.InvariantCulture)}";
    }

    /// <summary>One run of a demo: what it printed and when, how long it took, how it ended, and its timeline if it drew one.</summary>
    internal sealed record RunResult(IReadOnlyList<OutputLine> Output, TimeSpan Elapsed, string? Failure, string? Timeline, RunMode Mode)
    {
        public bool Completed => Failure is null;
    }

    /// <summary>
    /// Runs a demo in this process: its assembly is loaded into a collectible load context, its entry (RunAsync, or the
    /// exercise's first public static method) is called on the session's clock, and what it prints is captured.
    /// </summary>
    internal static class DemoRunner
    {
        /// <summary>Demo time after which a run is stopped.</summary>
        public static readonly TimeSpan DemoTimeLimit = TimeSpan.FromSeconds(300);

        /// <summary>Real time after which a run on the virtual clock is abandoned (an endless loop that never awaits).</summary>
        public static TimeSpan RealTimeLimit { get; set; } = TimeSpan.FromSeconds(20);

        public static RunResult Run(byte[] assembly, Exercise exercise, RunMode mode) => RunAsync(assembly, exercise, mode).GetAwaiter().GetResult();

        /// <summary>
        /// Runs the demo. No thread-pool thread waits for it meanwhile: the virtual clock moves only when the pool is idle, so
        /// a pool thread blocked here would stall every other run in the process.
        /// </summary>
        public static async Task<RunResult> RunAsync(byte[] assembly, Exercise exercise, RunMode mode)
        {
            var context = new AssemblyLoadContext("asyncrules-learn " + exercise.Name, isCollectible: true);
            try
            {
                var loaded = context.LoadFromStream(new MemoryStream(assembly));
                var methods = FindEntries(loaded, exercise, out var problem);
                if (methods is null)
                {
                    return new RunResult(Array.Empty<OutputLine>(), TimeSpan.Zero, problem, null, mode);
                }

                return mode.IsVirtual ? await RunVirtualAsync(loaded, methods, mode).ConfigureAwait(false) : await RunScaledAsync(loaded, methods, mode).ConfigureAwait(false);
            }
            finally
            {
                context.Unload();
            }
        }

        private static async Task<RunResult> RunVirtualAsync(Assembly loaded, IReadOnlyList<MethodInfo> methods, RunMode mode)
        {
            var session = new VirtualSession(DemoTimeLimit);
            var output = new RunOutput(() => session.Elapsed);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            string? failure = null;
            var thread = new Thread(
                () =>
                {
                    DemoClock.Session = session;
                    OutputCapture.Begin(output);
                    try
                    {
                        StartTimeline(loaded);
                        var task = session.Run(() => InvokeAllAsync(methods));
                        failure = Describe(task.Exception?.InnerException);
                    }
                    catch (Exception exception)
                    {
                        failure = Describe(exception);
                    }
                    finally
                    {
                        OutputCapture.End();
                        DemoClock.Session = null;
                        ended.TrySetResult();
                    }
                },
                64 * 1024 * 1024)
            {
                IsBackground = true,
                Name = "asyncrules-learn event loop",
            };
            thread.Start();
            if (await Task.WhenAny(ended.Task, Task.Delay(RealTimeLimit)).ConfigureAwait(false) != ended.Task)
            {
                failure = $"it kept running for {RealTimeLimit.TotalSeconds:0} s of real time without finishing (an endless loop that never awaits?)";
            }

            output.Close();
            return new RunResult(output.Lines, session.Elapsed, failure, RenderTimeline(loaded), mode);
        }

        private static async Task<RunResult> RunScaledAsync(Assembly loaded, IReadOnlyList<MethodInfo> methods, RunMode mode)
        {
            var session = new ScaledSession(mode.Scale);
            var output = new RunOutput(() => session.Elapsed);
            string? failure = null;
            var run = Task.Run(() =>
            {
                DemoClock.Session = session;
                OutputCapture.Begin(output);
                StartTimeline(loaded);
                return InvokeAllAsync(methods);
            });
            var limit = TimeSpan.FromSeconds(Math.Max(5, (DemoTimeLimit.TotalSeconds * mode.Scale) + 5));
            if (await Task.WhenAny(run, Task.Delay(limit)).ConfigureAwait(false) != run)
            {
                failure = $"still running after {limit.TotalSeconds:0} s";
            }
            else if (run.Exception is { } exception)
            {
                failure = Describe(exception.InnerException);
            }

            var elapsed = session.Elapsed;
            output.Close();
            return new RunResult(output.Lines, elapsed, failure, RenderTimeline(loaded), mode);
        }

        private static IReadOnlyList<MethodInfo>? FindEntries(Assembly loaded, Exercise exercise, out string? problem)
        {
            problem = null;
            var type = loaded.GetType(exercise.TypeName);
            if (type is null)
            {
                problem = $"the class {exercise.TypeName} is gone, so the demo has nothing to run";
                return null;
            }

            const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            var found = new List<MethodInfo>();
            foreach (var name in exercise.EntryMethods)
            {
                // A fix may add or drop an Async suffix (Make async renames Measure to MeasureAsync).
                var candidates = new[] { name, name + "Async", name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : name };
                var method = candidates.Select(n => type.GetMethods(Static).FirstOrDefault(m => m.Name == n && !m.IsGenericMethodDefinition)).FirstOrDefault(m => m is not null);
                if (method is null)
                {
                    problem = $"{type.Name}.{name} is gone, so the demo cannot run it";
                    return null;
                }

                found.Add(method);
            }

            if (found.Count == 0)
            {
                problem = $"{type.Name} has nothing to run";
                return null;
            }

            return found;
        }

        /// <summary>
        /// A demo's RunAsync, or each public static method of an exercise without one, in turn: a method's failure is
        /// printed (it is part of what the exercise does) and the next one runs.
        /// </summary>
        private static async Task InvokeAllAsync(IReadOnlyList<MethodInfo> methods)
        {
            if (methods.Count == 1)
            {
                await InvokeAsync(methods[0]);
                return;
            }

            foreach (var method in methods)
            {
                try
                {
                    await InvokeAsync(method);
                }
                catch (Exception exception) when (exception is not DemoAbortedException and not DemoExitException)
                {
                    Console.WriteLine($"{method.Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            }
        }

        /// <summary>
        /// Calls one entry with plain arguments (4 for a count: more than a handful, as some tickers hand over after three;
        /// "A" for a name; defaults otherwise) and waits for whatever it returns, printing results and yielded items.
        /// </summary>
        private static async Task InvokeAsync(MethodInfo method)
        {
            var arguments = method.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : Plain(p.ParameterType)).ToArray();
            object? result;
            try
            {
                result = method.Invoke(null, arguments);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
                throw;
            }

            var returnType = method.ReturnType;
            if (result is Task task)
            {
                await task;
                if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
                {
                    Show(method, returnType.GetProperty("Result")!.GetValue(task));
                }
            }
            else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) && result is not null)
            {
                var asTask = (Task)returnType.GetMethod("AsTask")!.Invoke(result, null)!;
                await asTask;
                Show(method, asTask.GetType().GetProperty("Result")!.GetValue(asTask));
            }
            else if (result is ValueTask valueTask)
            {
                await valueTask;
            }
            else if (result is not null && result.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)) is { } stream)
            {
                var items = typeof(DemoRunner).GetMethod(nameof(EnumerateAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(stream.GetGenericArguments()[0]);
                await (Task)items.Invoke(null, new[] { method, result })!;
            }
            else if (returnType != typeof(void))
            {
                Show(method, result);
            }
        }

        private static async Task EnumerateAsync<T>(MethodInfo method, IAsyncEnumerable<T> stream)
        {
            await foreach (var item in stream)
            {
                Console.WriteLine($"{method.Name} yielded {Format(item)}");
            }
        }

        private static void Show(MethodInfo method, object? value) => Console.WriteLine($"{method.Name} returned {Format(value)}");

        private static string Format(object? value) => value switch
        {
            null => "null",
            string s => s,
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        private static object? Plain(Type type)
            => type == typeof(int) ? 4
             : type == typeof(string) ? "A"
             : type == typeof(CancellationToken) ? CancellationToken.None
             : type.IsValueType ? Activator.CreateInstance(type)
             : null;

        /// <summary>The broken demos' Timeline (Program.cs), when the assembly has it: started before the run, drawn after.</summary>
        private static void StartTimeline(Assembly loaded)
            => TimelineType(loaded)?.GetMethod("Start", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes)?.Invoke(null, null);

        private static string? RenderTimeline(Assembly loaded)
        {
            try
            {
                var render = TimelineType(loaded)?.GetMethod("Render", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(int) });
                var text = render?.Invoke(null, new object[] { 72 }) as string;
                return text is not null && text.Split('\n').Any(l => l.EndsWith('|')) ? text.TrimEnd() : null;
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static Type? TimelineType(Assembly loaded)
        {
            try
            {
                return loaded.GetTypes().FirstOrDefault(t => t.Name == "Timeline" && t.IsAbstract && t.IsSealed);
            }
            catch (ReflectionTypeLoadException)
            {
                return null;
            }
        }

        private static string? Describe(Exception? exception)
            => exception switch
            {
                null => null,
                DemoAbortedException aborted => aborted.Message,
                DemoExitException exit => exit.Message,
                TargetInvocationException { InnerException: { } inner } => Describe(inner),
                AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerException),
                _ => $"{exception.GetType().Name}: {exception.Message}",
            };
    }
}
