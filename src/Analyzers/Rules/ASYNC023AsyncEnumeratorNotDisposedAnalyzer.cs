using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC023: <c>var e = stream.GetAsyncEnumerator();</c> in a local that is never disposed on every path: not an
    /// <c>await using</c> declaration, no <c>DisposeAsync()</c> in a <c>finally</c>. An async iterator left undisposed never runs
    /// its <c>finally</c> blocks (files, locks and connections it holds stay open). Silent when the enumerator escapes
    /// (returned, passed on, stored, captured): its new owner disposes it. An enumerator used without being stored
    /// (<c>await s.GetAsyncEnumerator().MoveNextAsync()</c>) is reported too, with no fix.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC023AsyncEnumeratorNotDisposedAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.AsyncEnumeratorNotDisposed,
            title: "Dispose an async enumerator with await using",
            messageFormat: "The enumerator '{0}' is not disposed on every path: the stream's finally blocks never run if the loop stops early or throws; declare it with 'await using'",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "An async enumerator is the paused coroutine of an async iterator. DisposeAsync is what runs the iterator's "
                + "finally blocks and using statements when the consumer stops before the end. 'await foreach' does it for you; a "
                + "hand-written enumeration must do it with 'await using' (or DisposeAsync in a finally).");

        /// <summary>
        /// An enumerator used without ever being stored (<c>await s.GetAsyncEnumerator().MoveNextAsync()</c>): nothing can dispose it.
        /// No fix: storing it in an <c>await using</c> variable means moving the call out of its expression, ahead of whatever that
        /// expression evaluates first, or out of a loop condition that makes a new enumerator on every turn.
        /// </summary>
        internal static readonly DiagnosticDescriptor NeverStoredRule = RuleDescriptors.Create(
            DiagnosticIds.AsyncEnumeratorNotDisposed,
            title: "Dispose an async enumerator with await using",
            messageFormat: "This async enumerator is never stored, so it is never disposed: the stream's finally blocks do not run; keep it in an 'await using' variable, or use 'await foreach'",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "An async enumerator is the paused coroutine of an async iterator. DisposeAsync is what runs the iterator's "
                + "finally blocks and using statements when the consumer stops before the end. 'await foreach' does it for you; a "
                + "hand-written enumeration must do it with 'await using' (or DisposeAsync in a finally).");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, NeverStoredRule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.IAsyncEnumerableOfT is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "GetAsyncEnumerator"
                || !(symbols.IsAsyncEnumerator(invocation.Type) || symbols.IsAsyncStream(invocation.TargetMethod.ContainingType)))
            {
                return;
            }

            // Only `var e = x.GetAsyncEnumerator();` in a plain local declaration: `await using` declarations and statements are fine,
            // and an enumerator assigned to an existing variable or field, returned or passed on belongs to someone else.
            var value = invocation.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion.Parent : invocation.Parent;

            // `s.GetAsyncEnumerator().MoveNextAsync()`: a member called on the enumerator itself, which is then lost. (An extension
            // call takes it as an argument and owns it; `.DisposeAsync()` on it disposes it.)
            if (value is IInvocationOperation { Instance: { } receiver } use
                && (receiver == invocation || receiver == invocation.Parent)
                && use.TargetMethod.Name != "DisposeAsync")
            {
                context.ReportDiagnostic(Diagnostic.Create(NeverStoredRule, invocation.Syntax.GetLocation()));
                return;
            }

            if (value is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                || declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group }
                || group.Parent is IUsingOperation or IUsingDeclarationOperation)
            {
                return;
            }

            var local = declarator.Symbol;
            var body = FunctionOperation(group);
            if (body is null || IsDisposedOrEscapes(body, local))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), local.Name));
        }

        /// <summary>
        /// The operation of the function holding <paramref name="operation"/>, declaration included: the lambda or local function
        /// itself, else the member's body operation (unlike <see cref="CompletionFlow.FunctionBody"/>, which gives the block inside).
        /// </summary>
        private static IOperation? FunctionOperation(IOperation operation)
        {
            IOperation? last = null;
            for (var current = operation.Parent; current is not null; last = current, current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyBaseOperation)
                {
                    return current;
                }
            }

            return last;
        }

        private static bool IsDisposedOrEscapes(IOperation body, ILocalSymbol local)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                var parent = reference.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion.Parent : reference.Parent;
                switch (parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "DisposeAsync" } dispose when dispose.Instance == reference && IsInFinally(dispose):
                    case IUsingOperation:
                    case IReturnOperation:
                    case IArgumentOperation:
                    case ISimpleAssignmentOperation assignment when assignment.Value == reference || assignment.Value == reference.Parent:
                    case IVariableInitializerOperation:
                    case ITupleOperation:
                    case IArrayInitializerOperation:
                        return true;
                }

                if (AsyncContext.IsInNestedFunction(reference, body))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInFinally(IOperation operation)
        {
            var child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is ITryOperation tryOperation && tryOperation.Finally == child)
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
    }
}
