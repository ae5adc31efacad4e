using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>The ways code blocks its thread on a task (Family C).</summary>
    internal enum BlockingWaitKind
    {
        /// <summary><c>task.Result</c> on a Task&lt;T&gt; or ValueTask&lt;T&gt;.</summary>
        Result,

        /// <summary><c>task.Wait(...)</c>.</summary>
        Wait,

        /// <summary><c>awaitable.GetAwaiter().GetResult()</c>.</summary>
        GetResult,

        /// <summary><c>Task.WaitAll(...)</c>.</summary>
        WaitAll,

        /// <summary><c>Task.WaitAny(...)</c>.</summary>
        WaitAny,
    }

    /// <summary>
    /// A recognised blocking wait: what kind it is, the operation to report (the whole expression that blocks)
    /// and the task operations it blocks on. Shared by the async-code rule (ASYNC010) and the sync-code rule (ASYNC011).
    /// </summary>
    internal readonly struct BlockingWait
    {
        private BlockingWait(BlockingWaitKind kind, IOperation operation, ImmutableArray<IOperation> tasks, string display, IOperation? taskCollection = null)
        {
            Kind = kind;
            Operation = operation;
            Tasks = tasks;
            Display = display;
            TaskCollection = taskCollection;
        }

        public BlockingWaitKind Kind { get; }

        /// <summary>The operation whose syntax is the blocking expression (the diagnostic's location).</summary>
        public IOperation Operation { get; }

        /// <summary>The tasks (or awaitables) waited on; empty when they are not plain arguments (an array variable for WaitAll).</summary>
        public ImmutableArray<IOperation> Tasks { get; }

        /// <summary>The array or collection passed whole to <c>Task.WaitAll(tasks)</c> / <c>Task.WaitAny(tasks)</c>, else null.</summary>
        public IOperation? TaskCollection { get; }

        /// <summary>How the wait reads in a message: <c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll</c>...</summary>
        public string Display { get; }

        /// <summary>
        /// Registers the two operation actions that find blocking waits (<c>.Result</c> references; <c>Wait</c>, <c>GetResult</c>,
        /// <c>WaitAll</c>, <c>WaitAny</c> calls), cheapest test first, and hands each wait that is not provably on a finished task
        /// to <paramref name="report"/>. Shared by ASYNC010 (async code) and ASYNC011 (sync code), which differ only in where they
        /// speak: <paramref name="isInScope"/> says so, and is asked before the costlier "is the task finished" analysis.
        /// </summary>
        public static void RegisterActions(
            CompilationStartAnalysisContext context, KnownSymbols symbols, Func<OperationAnalysisContext, BlockingWait, bool> isInScope, Action<OperationAnalysisContext, BlockingWait> report)
        {
            context.RegisterOperationAction(
                c =>
                {
                    var reference = (IPropertyReferenceOperation)c.Operation;
                    if (reference.Property.Name == "Result" && TryMatch(reference, symbols, out var wait) && isInScope(c, wait) && !IsInNameOfOrOnFinishedTasks(wait, symbols))
                    {
                        report(c, wait);
                    }
                },
                OperationKind.PropertyReference);
            context.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.TargetMethod.Name is "Wait" or "GetResult" or "WaitAll" or "WaitAny"
                        && TryMatch(invocation, symbols, out var wait) && isInScope(c, wait) && !IsInNameOfOrOnFinishedTasks(wait, symbols))
                    {
                        report(c, wait);
                    }
                },
                OperationKind.Invocation);
        }

        /// <summary>
        /// True for a blocking wait that runs (not in <c>nameof</c>) on a task not provably finished: what ASYNC010 and ASYNC011
        /// report, and what ASYNC011's fix turns into awaits in a function it makes async.
        /// </summary>
        public static bool TryMatchUnfinished(IOperation operation, KnownSymbols symbols, out BlockingWait wait)
        {
            var matched = operation switch
            {
                IPropertyReferenceOperation reference => TryMatch(reference, symbols, out wait),
                IInvocationOperation invocation => TryMatch(invocation, symbols, out wait),
                _ => NoMatch(out wait),
            };
            return matched && !IsInNameOfOrOnFinishedTasks(wait, symbols);
        }

        private static bool NoMatch(out BlockingWait wait)
        {
            wait = default;
            return false;
        }

        private static bool IsInNameOfOrOnFinishedTasks(BlockingWait wait, KnownSymbols symbols)
            => AsyncContext.IsInNameOf(wait.Operation) || CompletedTasks.IsWaitOnCompletedTasks(wait, symbols);

        /// <summary>Recognises <c>.Result</c> on a task-like.</summary>
        public static bool TryMatch(IPropertyReferenceOperation reference, KnownSymbols symbols, out BlockingWait wait)
        {
            wait = default;
            var property = reference.Property;
            if (property.Name != "Result" || property.IsStatic || reference.Instance is null || !symbols.IsTaskLike(property.ContainingType))
            {
                return false;
            }

            wait = new BlockingWait(BlockingWaitKind.Result, reference, ImmutableArray.Create(reference.Instance), ".Result");
            return true;
        }

        /// <summary>Recognises <c>.Wait(...)</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and <c>Task.WaitAny</c>.</summary>
        public static bool TryMatch(IInvocationOperation invocation, KnownSymbols symbols, out BlockingWait wait)
        {
            wait = default;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait" when !method.IsStatic && invocation.Instance is not null && symbols.IsTaskOrDerived(method.ContainingType):
                    wait = new BlockingWait(BlockingWaitKind.Wait, invocation, ImmutableArray.Create(invocation.Instance), ".Wait()");
                    return true;

                case "GetResult" when !method.IsStatic && method.Parameters.IsEmpty
                    && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }
                    && (symbols.IsTaskLike(awaitable.Type) || symbols.IsConfiguredTaskAwaitable(awaitable.Type)):
                    wait = new BlockingWait(BlockingWaitKind.GetResult, invocation, ImmutableArray.Create(awaitable), ".GetAwaiter().GetResult()");
                    return true;

                case "WaitAll" when method.IsStatic && symbols.IsTask(method.ContainingType):
                    wait = new BlockingWait(BlockingWaitKind.WaitAll, invocation, TaskArguments(invocation), "Task.WaitAll", CollectionArgument(invocation));
                    return true;

                case "WaitAny" when method.IsStatic && symbols.IsTask(method.ContainingType):
                    wait = new BlockingWait(BlockingWaitKind.WaitAny, invocation, TaskArguments(invocation), "Task.WaitAny", CollectionArgument(invocation));
                    return true;

                default:
                    return false;
            }
        }

        /// <summary>The first argument when it is a collection passed whole (<c>Task.WaitAll(tasks)</c>), else null.</summary>
        private static IOperation? CollectionArgument(IInvocationOperation invocation)
            => invocation.Arguments.Length > 0 && invocation.Arguments[0].ArgumentKind == ArgumentKind.Explicit ? invocation.Arguments[0].Value : null;

        /// <summary>The individual tasks of a <c>params</c> call (<c>Task.WaitAll(a, b)</c>); empty for an array or list passed whole.</summary>
        private static ImmutableArray<IOperation> TaskArguments(IInvocationOperation invocation)
        {
            if (invocation.Arguments.IsEmpty)
            {
                return ImmutableArray<IOperation>.Empty;
            }

            var first = invocation.Arguments[0];
            if (first.ArgumentKind == ArgumentKind.ParamArray && first.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                return initializer.ElementValues;
            }

            // C# 13 params collections (Task.WaitAll(params ReadOnlySpan<Task>) on .NET 9+): the argument kind and the
            // collection-expression operation are newer than the Roslyn we compile against, so match them by elimination.
            if (first.ArgumentKind is not (ArgumentKind.None or ArgumentKind.Explicit or ArgumentKind.ParamArray or ArgumentKind.DefaultValue))
            {
                return ImmutableArray.CreateRange(first.Value.ChildOperations);
            }

            return ImmutableArray<IOperation>.Empty;
        }
    }
}
