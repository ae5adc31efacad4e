using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    /// <item>a <c>?:</c> whose two results are each known complete;</item>
    /// <item>a static readonly field initialised with a finished task; a plain (not async) method whose every return is one
    /// (or null); the receiver of <c>?.</c> is the task waited on (<c>TryRead()?.Result</c>).</item>
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
            task = CompletionFlow.WithoutConfigureAwait(TaskPlace.Unwrap(ConditionalReceiver(task)), resolve: null);
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
            return task is IInvocationOperation invocation && DualPathCalls.CompletesSynchronously(invocation, symbols, inSource: true);
        }

        /// <summary>For the receiver of <c>x?.Result</c>, <c>x</c> (the waited value, known not null there); else the operation itself.</summary>
        private static IOperation ConditionalReceiver(IOperation task)
        {
            if (task is not IConditionalAccessInstanceOperation)
            {
                return task;
            }

            for (IOperation child = task, parent = task.Parent!; parent is not null; child = parent, parent = parent.Parent!)
            {
                if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
                {
                    return access.Operation;
                }
            }

            return task;
        }

        /// <summary><c>await Task.WhenAny(..)</c> gives the task that finished: <c>(await Task.WhenAny(a, b)).Result</c> does not block.</summary>
        internal static bool IsAwaitedWhenAny(IOperation operation, KnownSymbols symbols)
            => operation is IAwaitOperation awaitOperation
                && CompletionFlow.WithoutConfigureAwait(TaskPlace.Unwrap(awaitOperation.Operation), resolve: null) is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny }
                && symbols.IsTask(whenAny.ContainingType);

        /// <summary>
        /// <c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException/FromCanceled</c> and the ValueTask
        /// equivalents; also a static readonly field initialised with one of them (<see cref="IsPrecompletedField"/>).
        /// </summary>
        internal static bool IsCompletedFactory(IOperation task, KnownSymbols symbols)
        {
            switch (task)
            {
                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } when symbols.IsTaskLike(field.Type):
                    return IsPrecompletedField(field, symbols);
                default:
                    return IsFactory(task, symbols);
            }
        }

        private static bool IsFactory(IOperation task, KnownSymbols symbols)
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

        /// <summary><c>default</c>, <c>new ValueTask()</c> or <c>new ValueTask&lt;T&gt;(value)</c>: a value task that is already complete.</summary>
        internal static bool IsFinishedValueTask(IOperation value, KnownSymbols symbols)
        {
            switch (value)
            {
                case IDefaultValueOperation:
                    return true;
                case IObjectCreationOperation { Constructor: { } constructor } creation
                    when symbols.IsValueTaskOrValueTaskOfT(constructor.ContainingType):
                    return creation.Arguments.IsEmpty
                        || (creation.Arguments.Length == 1 && constructor.ContainingType.TypeArguments.Length == 1
                            && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, constructor.ContainingType.TypeArguments[0]));
                default:
                    return false;
            }
        }

        /// <summary>
        /// A static readonly field of this compilation initialised with a finished task (<c>static readonly Task&lt;bool&gt;
        /// TrueTask = Task.FromResult(true);</c>, <c>Task.CompletedTask</c>, <c>default(ValueTask)</c>) and not assigned by a
        /// static constructor: it holds that task for good. The initializer is read once per compilation.
        /// </summary>
        internal static bool IsPrecompletedField(IFieldSymbol field, KnownSymbols symbols)
        {
            field = field.OriginalDefinition;
            if (field.DeclaringSyntaxReferences.Length != 1 || !symbols.Compilation.ContainsSyntaxTree(field.DeclaringSyntaxReferences[0].SyntaxTree))
            {
                return false;
            }

            return CalleeBodies.For(symbols.Compilation).PrecompletedFields.GetOrAdd(field, f => IsInitialisedFinished(f, symbols));
        }

        private static bool IsInitialisedFinished(IFieldSymbol field, KnownSymbols symbols)
        {
            var reference = field.DeclaringSyntaxReferences[0];
            if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } initializer })
            {
                return false;
            }

            // A static constructor that names the field may assign it again.
            foreach (var constructor in field.ContainingType.StaticConstructors)
            {
                foreach (var declaration in constructor.DeclaringSyntaxReferences)
                {
                    foreach (var node in declaration.GetSyntax().DescendantNodes())
                    {
                        if (node is IdentifierNameSyntax name && name.Identifier.ValueText == field.Name)
                        {
                            return false;
                        }
                    }
                }
            }

#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = symbols.Compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            return model.GetOperation(initializer) is IFieldInitializerOperation { Value: { } value }
                && (IsFactory(TaskPlace.Unwrap(value), symbols) || IsFinishedValueTask(TaskPlace.Unwrap(value), symbols));
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
