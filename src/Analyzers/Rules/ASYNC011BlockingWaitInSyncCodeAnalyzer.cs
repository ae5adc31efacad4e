using System.Collections.Immutable;
using System.Linq;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC011 (suggestion): sync code blocks its thread on a task (<c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>,
    /// <c>Task.WaitAll</c>, <c>Task.WaitAny</c>): sync-over-async. It holds a thread for the whole wait and deadlocks when the task
    /// needs the thread's synchronization context to finish. Sync code includes the sync branch of a dual-path method
    /// (<c>if (async) await t; else t.GetAwaiter().GetResult();</c>, see <see cref="DualPathBranches"/>): the sync API runs it,
    /// so a wait there on a task that may be running blocks as in any sync method (ASYNC010 leaves it to this rule). Silent
    /// where the task is provably complete, in <c>nameof</c> and in expression trees, and inside a wait primitive (a sync method
    /// whose job is to wait on a task it receives as a parameter). Its fix makes the function async and updates the callers
    /// across the solution; it is not offered in a function that is async already (the sync branch must stay sync).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC011BlockingWaitInSyncCodeAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.BlockingWaitInSyncCode,
            title: "Do not block on a task in sync code",
            messageFormat: "'{0}' blocks the thread until the task is done (sync-over-async); make the caller async and await it",
            RuleCategories.Blocking,
            DiagnosticSeverity.Info,
            description: "Synchronous code that waits on a task holds its thread until the task finishes. If the task needs that "
                + "thread to go on (a UI or single-threaded synchronization context), neither ever finishes: a deadlock. The cure is "
                + "async all the way: the function becomes a coroutine that awaits, and so do its callers, up to an entry point.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
            => BlockingWait.RegisterActions(
                context,
                symbols,
                (c, wait) => !AsyncContext.IsOnAsyncPath(wait.Operation, c.ContainingSymbol) && !AsyncContext.IsInExpressionTree(wait.Operation, symbols)
                    && !IsInWaitPrimitive(wait, c.ContainingSymbol, symbols),
                Report);

        /// <summary>
        /// Class 8 of issue 14: a wait primitive, a sync method (or local function) whose job is to wait on a task its caller hands
        /// it as a parameter, as <c>void Wait(Task task)</c> and <c>bool TryWait(Task task)</c> do in StackExchange.Redis. The wait
        /// is the point there; the caller that passes it a pending task is where sync-over-async happens. The evidence that the
        /// method is such a primitive, and not code that merely blocks on an argument: on that parameter it makes a bounded wait
        /// whose outcome it acts on (<c>if (!task.Wait(timeout)) throw ...</c>, <c>return task.Wait(timeout);</c>,
        /// <c>Task.WaitAll(tasks, timeout)</c>), or it translates the wait's exceptions (the wait sits in a <c>try</c> that catches
        /// <c>AggregateException</c>). Every wait on that parameter in the method is then silent (<c>return task.Result;</c> after
        /// the bounded wait). The cheap test first: the waited tasks must all be parameters of a named sync function.
        /// </summary>
        private static bool IsInWaitPrimitive(BlockingWait wait, ISymbol containingSymbol, KnownSymbols symbols)
        {
            var function = AsyncContext.GetEnclosingFunction(wait.Operation, containingSymbol);
            if (function is null || function.MethodKind == MethodKind.AnonymousFunction)
            {
                return false;
            }

            var waited = !wait.Tasks.IsEmpty ? wait.Tasks : wait.TaskCollection is { } collection ? ImmutableArray.Create(collection) : ImmutableArray<IOperation>.Empty;
            if (waited.IsEmpty)
            {
                return false;
            }

            IOperation? body = null;
            foreach (var task in waited)
            {
                if (WaitedParameter(task, function) is not { } parameter || !HasPrimitiveWaitOn(parameter, function, body ??= CompletionFlow.FunctionBody(wait.Operation), symbols))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The parameter of <paramref name="function"/> that <paramref name="task"/> is, looking through conversions and the calls that
        /// stand for the same task (<c>AsTask()</c>, <c>Preserve()</c>, <c>ConfigureAwait(..)</c>); else null.
        /// </summary>
        private static IParameterSymbol? WaitedParameter(IOperation task, IMethodSymbol function)
        {
            while (true)
            {
                switch (task)
                {
                    case IConversionOperation conversion:
                        task = conversion.Operand;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "AsTask" or "Preserve" or "ConfigureAwait", Instance: { } receiver }:
                        task = receiver;
                        continue;
                    case IParameterReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, function):
                        return reference.Parameter;
                    default:
                        return null;
                }
            }
        }

        /// <summary>On <paramref name="parameter"/>: a bounded wait whose outcome is used, or a wait inside a <c>try</c> that catches <c>AggregateException</c>.</summary>
        private static bool HasPrimitiveWaitOn(IParameterSymbol parameter, IMethodSymbol function, IOperation body, KnownSymbols symbols)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is not IInvocationOperation { TargetMethod.Name: "Wait" or "WaitAll" or "WaitAny" or "GetResult" } invocation
                    || !BlockingWait.TryMatch(invocation, symbols, out var wait)
                    || !SymbolEqualityComparer.Default.Equals(AsyncContext.GetEnclosingFunction(invocation, function), function))
                {
                    continue;
                }

                var onParameter = !wait.Tasks.IsEmpty
                    ? wait.Tasks.All(t => SymbolEqualityComparer.Default.Equals(WaitedParameter(t, function), parameter))
                    : wait.TaskCollection is { } collection && SymbolEqualityComparer.Default.Equals(WaitedParameter(collection, function), parameter);
                if (onParameter && (IsBoundedWithOutcomeUsed(invocation, symbols) || TranslatesExceptions(invocation, symbols)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Wait(timeout)</c>, <c>WaitAll(tasks, timeout)</c>, <c>WaitAny(tasks, timeout)</c> whose bool or index is not dropped.</summary>
        private static bool IsBoundedWithOutcomeUsed(IInvocationOperation invocation, KnownSymbols symbols)
            => invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is { } p
                   && (p.Type.SpecialType == SpecialType.System_Int32 || SymbolEqualityComparer.Default.Equals(p.Type, symbols.TimeSpan)))
               && invocation.Parent is not IExpressionStatementOperation
               && invocation.Parent is not ISimpleAssignmentOperation { Target: IDiscardOperation };

        /// <summary>The wait sits in the body of a <c>try</c> that catches <c>AggregateException</c>: the method unwraps what the wait throws.</summary>
        private static bool TranslatesExceptions(IOperation wait, KnownSymbols symbols)
        {
            var child = wait;
            for (var current = wait.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is ITryOperation tryOperation && tryOperation.Body == child
                    && tryOperation.Catches.Any(c => SymbolEqualityComparer.Default.Equals(c.ExceptionType, symbols.AggregateException)))
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        private static void Report(OperationAnalysisContext context, BlockingWait wait)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, wait.Kind.ToString());
            context.ReportDiagnostic(Diagnostic.Create(Rule, wait.Operation.Syntax.GetLocation(), properties, wait.Display));
        }
    }
}
