using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// "Is this task provably complete here?" Waiting on a completed task does not block, so the blocking-wait rules
    /// stay silent on it. Known complete (rules.md, Family C):
    /// <list type="bullet">
    /// <item><c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException/FromCanceled</c> and the ValueTask equivalents;</item>
    /// <item>a local or parameter awaited earlier in the same body, unconditionally on the way to this spot (<c>await t;</c>,
    /// <c>await t.ConfigureAwait(false)</c>, <c>await Task.WhenAll(.., t, ..)</c>) and never assigned after that await;
    /// an element of a collection awaited whole with <c>await Task.WhenAll(tasks)</c>;</item>
    /// <item>a spot guarded by <c>t.IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c> or
    /// <c>t.Status == TaskStatus.RanToCompletion</c> (if, ternary, <c>&amp;&amp;</c>, or an early exit <c>if (!t.IsCompleted) return;</c>);</item>
    /// <item>the antecedent inside its own <c>ContinueWith</c> continuation.</item>
    /// </list>
    /// Only locals and parameters are tracked: a field can be replaced by another thread between two reads.
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
                    && ReferencedLocalOrParameter(collection) is { } source
                    && WasAwaitedBefore(source, wait.Operation, symbols, asCollection: true);
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
            task = WithoutConfigureAwait(Unwrap(task));
            if (IsCompletedFactory(task, symbols) || IsAwaitedWhenAny(task, symbols))
            {
                return true;
            }

            var symbol = ReferencedLocalOrParameter(task);
            if (symbol is not null)
            {
                return IsContinuationAntecedent(symbol, spot, symbols)
                    || IsGuarded(symbol, spot)
                    || IsResultOfAwaitedWhenAny(symbol, spot, symbols)
                    || WasAwaitedBefore(symbol, spot, symbols, asCollection: false)
                    || (ForEachCollection(symbol, spot) is { } source && WasAwaitedBefore(source, spot, symbols, asCollection: true));
            }

            // An element of a collection that was awaited whole: tasks[i], or the variable of foreach (var t in tasks).
            var collection = ElementSourceCollection(task);
            return collection is not null && WasAwaitedBefore(collection, spot, symbols, asCollection: true);
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IConversionOperation { Conversion.IsIdentity: true })
            {
                operation = ((IConversionOperation)operation).Operand;
            }

            return operation;
        }

        private static IOperation WithoutConfigureAwait(IOperation operation)
            => operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } ? Unwrap(instance) : operation;

        /// <summary><c>await Task.WhenAny(..)</c> gives the task that finished: <c>(await Task.WhenAny(a, b)).Result</c> does not block.</summary>
        private static bool IsAwaitedWhenAny(IOperation operation, KnownSymbols symbols)
            => operation is IAwaitOperation awaitOperation
                && WithoutConfigureAwait(Unwrap(awaitOperation.Operation)) is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny }
                && symbols.IsTask(whenAny.ContainingType);

        /// <summary><c>var done = await Task.WhenAny(a, b); ... done.Result</c>, with <c>done</c> never assigned again.</summary>
        private static bool IsResultOfAwaitedWhenAny(ISymbol symbol, IOperation spot, KnownSymbols symbols)
        {
            if (symbol is not ILocalSymbol || FunctionBody(spot) is not { } body)
            {
                return false;
            }

            var initialized = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol))
                {
                    initialized = declarator.Initializer is { } initializer && IsAwaitedWhenAny(Unwrap(initializer.Value), symbols);
                }
                else if (AssignsTo(operation, symbol))
                {
                    return false;
                }
            }

            return initialized;
        }

        private static bool IsCompletedFactory(IOperation task, KnownSymbols symbols)
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
            return Unwrap(operation) switch
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

        // ---- IsCompleted guards -----------------------------------------------------------------------------------

        private static bool IsGuarded(ISymbol symbol, IOperation spot)
        {
            var guard = FindGuard(symbol, spot);

            // A guard proves nothing once the variable is assigned again between the guard and the spot.
            return guard is not null && !IsAssignedBetween(symbol, guard.Syntax.SpanStart, spot);
        }

        private static bool IsAssignedBetween(ISymbol symbol, int start, IOperation spot)
        {
            if (FunctionBody(spot) is not { } body)
            {
                return true;
            }

            foreach (var operation in body.Descendants())
            {
                var position = operation.Syntax.SpanStart;
                if (position >= start && position < spot.Syntax.SpanStart && AssignsTo(operation, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The if, ternary, <c>&amp;&amp;</c> or early-exit statement that proves the task complete at the spot.</summary>
        private static IOperation? FindGuard(ISymbol symbol, IOperation spot)
        {
            IOperation child = spot;
            for (var current = spot.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IConditionalOperation conditional when conditional.WhenTrue == child && AssertsComplete(conditional.Condition, symbol):
                        return conditional;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when both.RightOperand == child && AssertsComplete(both.LeftOperand, symbol):
                        return both;
                    case IBlockOperation block when EarlyExitGuard(block, child, symbol) is { } earlyExit:
                        return earlyExit;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="condition"/> being true means the task is complete.</summary>
        private static bool AssertsComplete(IOperation condition, ISymbol symbol)
        {
            switch (Unwrap(condition))
            {
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled", Instance: { } instance }:
                    return Refers(instance, symbol);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return AssertsComplete(both.LeftOperand, symbol) || AssertsComplete(both.RightOperand, symbol);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    return IsRanToCompletion(equals.LeftOperand, equals.RightOperand, symbol) || IsRanToCompletion(equals.RightOperand, equals.LeftOperand, symbol);
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern:
                    return IsRanToCompletion(pattern.Value, constant.Value, symbol);
                default:
                    return false;
            }
        }

        private static bool IsRanToCompletion(IOperation status, IOperation value, ISymbol symbol)
            => Unwrap(status) is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance }
                && Refers(instance, symbol)
                && Unwrap(value) is IFieldReferenceOperation { Field.Name: "RanToCompletion" };

        /// <summary>True when <paramref name="condition"/> being true means the task may not be complete.</summary>
        private static bool AssertsIncomplete(IOperation condition, ISymbol symbol)
        {
            return Unwrap(condition) switch
            {
                IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => AssertsComplete(not.Operand, symbol),
                IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either => AssertsIncomplete(either.LeftOperand, symbol) || AssertsIncomplete(either.RightOperand, symbol),
                _ => false,
            };
        }

        /// <summary>
        /// <c>if (!t.IsCompleted) { ...; return; }</c> (or <c>throw</c>, or <c>await t;</c>) earlier in the block that holds the spot.
        /// </summary>
        private static IOperation? EarlyExitGuard(IBlockOperation block, IOperation statementWithSpot, ISymbol symbol)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == statementWithSpot)
                {
                    return null;
                }

                if (statement is IConditionalOperation { WhenFalse: null, WhenTrue: { } whenTrue } guard
                    && AssertsIncomplete(guard.Condition, symbol)
                    && ExitsOrAwaits(whenTrue, symbol))
                {
                    return guard;
                }
            }

            return null;
        }

        private static bool ExitsOrAwaits(IOperation statement, ISymbol symbol)
        {
            var last = statement is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : statement;
            switch (last)
            {
                case IReturnOperation:
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IBranchOperation:
                    return true;
            }

            if (statement is IBlockOperation body)
            {
                foreach (var inner in body.Operations)
                {
                    if (IsUnconditionalAwaitOf(inner, symbol))
                    {
                        return true;
                    }
                }

                return false;
            }

            return IsUnconditionalAwaitOf(statement, symbol);
        }

        private static bool IsUnconditionalAwaitOf(IOperation statement, ISymbol symbol)
            => statement is IExpressionStatementOperation { Operation: IAwaitOperation awaitOperation } && AwaitsSymbol(awaitOperation, symbol, asCollection: false, symbolsOrNull: null);

        // ---- Awaited earlier in the same body --------------------------------------------------------------------

        private static bool WasAwaitedBefore(ISymbol symbol, IOperation spot, KnownSymbols symbols, bool asCollection)
        {
            var body = FunctionBody(spot);
            if (body is null)
            {
                return false;
            }

            var spotStart = spot.Syntax.SpanStart;
            IAwaitOperation? dominatingAwait = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is IAwaitOperation awaitOperation
                    && awaitOperation.Syntax.Span.End <= spotStart
                    && FunctionBody(awaitOperation) == body
                    && AwaitsSymbol(awaitOperation, symbol, asCollection, symbols)
                    && Dominates(awaitOperation, spot))
                {
                    dominatingAwait = awaitOperation;
                    break;
                }
            }

            if (dominatingAwait is null)
            {
                return false;
            }

            // Any assignment after that await (before or after the spot: loops come round) makes it unknown again.
            var awaitEnd = dominatingAwait.Syntax.Span.End;
            foreach (var operation in body.Descendants())
            {
                if (operation.Syntax.SpanStart >= awaitEnd && AssignsTo(operation, symbol))
                {
                    return false;
                }
            }

            return true;
        }

        private static IOperation? FunctionBody(IOperation operation)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }

                current = parent;
            }

            return current;
        }

        private static bool AwaitsSymbol(IAwaitOperation awaitOperation, ISymbol symbol, bool asCollection, KnownSymbols? symbolsOrNull)
        {
            var awaited = Unwrap(awaitOperation.Operation);
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = Unwrap(configured);
            }

            if (!asCollection && Refers(awaited, symbol))
            {
                return true;
            }

            if (awaited is IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } whenAll } invocation
                && (symbolsOrNull is null || symbolsOrNull.IsTask(whenAll.ContainingType)))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (asCollection)
                    {
                        if (Refers(argument.Value, symbol))
                        {
                            return true;
                        }
                    }
                    else if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            if (Refers(element, symbol))
                            {
                                return true;
                            }
                        }
                    }
                    else
                    {
                        foreach (var element in argument.Value.ChildOperations)
                        {
                            if (Refers(element, symbol))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when the await runs on every path to the spot: it is not in a conditional part of its statement
        /// (a branch, the right of <c>&amp;&amp;</c>/<c>||</c>/<c>??</c>, a <c>?.</c>), and that statement's block encloses the spot.
        /// </summary>
        private static bool Dominates(IAwaitOperation awaitOperation, IOperation spot)
        {
            IOperation child = awaitOperation;
            for (var current = awaitOperation.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IBlockOperation block:
                        return Encloses(block, spot);
                    case IConditionalOperation conditional when conditional.Condition != child:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when binary.LeftOperand != child:
                    case ICoalesceOperation coalesce when coalesce.Value != child:
                    case IConditionalAccessOperation access when access.Operation != child:
                    case ISwitchExpressionOperation switchExpression when switchExpression.Value != child:
                    case ILoopOperation:
                    case ITryOperation:
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        private static bool Encloses(IOperation ancestor, IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AssignsTo(IOperation operation, ISymbol symbol)
        {
            switch (operation)
            {
                case IAssignmentOperation assignment:
                    return Refers(assignment.Target, symbol) || (assignment is IDeconstructionAssignmentOperation && DeconstructsInto(assignment.Target, symbol));
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    return Refers(argument.Value, symbol);
                default:
                    return false;
            }
        }

        private static bool DeconstructsInto(IOperation target, ISymbol symbol)
        {
            foreach (var descendant in target.DescendantsAndSelf())
            {
                if (Refers(descendant, symbol))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
