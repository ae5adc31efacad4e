using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// "Is this task provably complete here?" Waiting on a completed task does not block, so the blocking-wait rules
    /// stay silent on it. Known complete (docs/rules/ASYNC010.md and ASYNC011.md, "When it is not reported"):
    /// <list type="bullet">
    /// <item><c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException/FromCanceled</c> and the ValueTask equivalents;
    /// <c>(await Task.WhenAny(..))</c>;</item>
    /// <item>a task in a place (<see cref="TaskPlace"/>: a local, a parameter, a field or property of this object) that the
    /// control flow proves complete at the spot (<see cref="CompletionFlow"/>): awaited, waited on, tested with
    /// <c>IsCompleted</c> and the like, or assigned a finished task, on every path, and not assigned since;
    /// an element of a collection awaited whole with <c>await Task.WhenAll(tasks)</c>;</item>
    /// <item>the antecedent inside its own <c>ContinueWith</c> continuation;</item>
    /// <item>a dual-path method entered with the literal <c>false</c> whose sync path awaits nothing pending (<see cref="DualPathCalls"/>);</item>
    /// <item>a <c>?:</c> whose two results are each known complete.</item>
    /// </list>
    /// The cheap, syntactic proofs come first; the flow analysis and the look into callees only run for what is left.
    /// </summary>
    internal static class CompletedTasks
    {
        /// <summary>
        /// True when the wait cannot block: every task it waits on is known complete (for <c>Task.WaitAny</c>, any one of them),
        /// or the collection passed whole to <c>Task.WaitAll/WaitAny</c> was awaited whole before.
        /// </summary>
        public static bool IsWaitOnCompletedTasks(BlockingWait wait, KnownSymbols symbols)
        {
            if (wait.Tasks.IsEmpty)
            {
                return wait.TaskCollection is { } collection
                    && TaskPlace.Of(collection, isCollection: true) is { Members.IsEmpty: true } place
                    && CompletionFlow.IsCompleteAt(place, wait.Operation, symbols);
            }

            var any = wait.Kind == BlockingWaitKind.WaitAny;
            foreach (var task in wait.Tasks)
            {
                if (IsKnownComplete(task, wait.Operation, symbols) == any)
                {
                    return any;
                }
            }

            return !any;
        }

        public static bool IsKnownComplete(IOperation task, IOperation spot, KnownSymbols symbols)
        {
            task = CompletionFlow.WithoutConfigureAwait(TaskPlace.Unwrap(task), resolve: null);
            if (IsCompletedFactory(task, symbols) || IsAwaitedWhenAny(task, symbols))
            {
                return true;
            }

            var place = TaskPlace.Of(task);
            if (place is not null)
            {
                if (place.Members.IsEmpty && IsContinuationAntecedent(place.Root!, spot, symbols))
                {
                    return true;
                }

                if (CompletionFlow.IsCompleteAt(place, spot, symbols))
                {
                    return true;
                }

                // The variable of foreach (var t in tasks), where tasks was awaited whole.
                return place.Members.IsEmpty && ForEachCollection(place.Root!, spot) is { } source
                    && CompletionFlow.IsCompleteAt(TaskPlace.ForVariable(source, isCollection: true), spot, symbols);
            }

            // An element of a collection that was awaited whole: tasks[i].
            if (ElementSourceCollection(task) is { } collection)
            {
                return CompletionFlow.IsCompleteAt(TaskPlace.ForVariable(collection, isCollection: true), spot, symbols);
            }

            // One of two tasks, each known complete: (schemaOnly ? NextSchemaOnly(false) : Next(false)).GetAwaiter().GetResult().
            if (task is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
            {
                return IsKnownComplete(conditional.WhenTrue, spot, symbols) && IsKnownComplete(whenFalse, spot, symbols);
            }

            // A dual-path method entered with false: Write(async: false, ..).GetAwaiter().GetResult().
            return task is IInvocationOperation invocation && DualPathCalls.CompletesSynchronously(invocation, symbols);
        }

        /// <summary><c>await Task.WhenAny(..)</c> gives the task that finished: <c>(await Task.WhenAny(a, b)).Result</c> does not block.</summary>
        internal static bool IsAwaitedWhenAny(IOperation operation, KnownSymbols symbols)
            => operation is IAwaitOperation awaitOperation
                && CompletionFlow.WithoutConfigureAwait(TaskPlace.Unwrap(awaitOperation.Operation), resolve: null) is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny }
                && symbols.IsTask(whenAny.ContainingType);

        /// <summary><c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException/FromCanceled</c> and the ValueTask equivalents.</summary>
        internal static bool IsCompletedFactory(IOperation task, KnownSymbols symbols)
        {
            switch (task)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }
                    when method.Name is "FromResult" or "FromException" or "FromCanceled" && symbols.IsTaskLike(method.ContainingType):
                    return true;
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property }
                    when symbols.IsTaskLike(property.ContainingType):
                    return true;
                default:
                    return false;
            }
        }

        private static ISymbol? ReferencedLocalOrParameter(IOperation operation)
        {
            return TaskPlace.Unwrap(operation) switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
        }

        private static ISymbol? ElementSourceCollection(IOperation task)
        {
            switch (task)
            {
                case IArrayElementReferenceOperation element:
                    return ReferencedLocalOrParameter(element.ArrayReference);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }:
                    return ReferencedLocalOrParameter(instance);
                default:
                    return null;
            }
        }

        /// <summary>For the variable of <c>foreach (var t in tasks)</c>, the collection <c>tasks</c> (a local or parameter).</summary>
        private static ISymbol? ForEachCollection(ISymbol variable, IOperation spot)
        {
            for (var current = spot.Parent; current is not null; current = current.Parent)
            {
                if (current is IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator } loop
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable))
                {
                    return ReferencedLocalOrParameter(loop.Collection);
                }
            }

            return null;
        }

        private static bool Refers(IOperation? operation, ISymbol symbol)
            => operation is not null && SymbolEqualityComparer.Default.Equals(ReferencedLocalOrParameter(operation), symbol);

        // ---- ContinueWith: the antecedent inside its own continuation -------------------------------------------

        private static bool IsContinuationAntecedent(ISymbol symbol, IOperation spot, KnownSymbols symbols)
        {
            for (var current = spot.Parent; current is not null; current = current.Parent)
            {
                if (current is not IAnonymousFunctionOperation lambda)
                {
                    continue;
                }

                var invocation = ContinueWithInvocation(lambda, symbols);
                if (invocation is null)
                {
                    continue;
                }

                var parameters = lambda.Symbol.Parameters;
                if ((!parameters.IsEmpty && SymbolEqualityComparer.Default.Equals(parameters[0], symbol)) || Refers(invocation.Instance, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static IInvocationOperation? ContinueWithInvocation(IAnonymousFunctionOperation lambda, KnownSymbols symbols)
        {
            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ContinueWith" } invocation }
                && symbols.IsTaskOrDerived(invocation.TargetMethod.ContainingType)
                ? invocation
                : null;
        }
    }
}
