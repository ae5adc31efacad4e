using System.Collections.Concurrent;
using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC040 (suggestion): in async code, a call that could take a CancellationToken (an optional token parameter left at its
    /// default, or an overload with one more, trailing token) gets none, while a token is in scope. Cancelling the caller then
    /// does not stop the callee. Silent when a token is passed already (even <c>CancellationToken.None</c>: an explicit choice),
    /// when the token in scope is ambiguous, and for the producer of an <c>await foreach</c> (ASYNC021's).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC040TokenNotForwardedAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.TokenNotForwarded,
            title: "Forward the cancellation token",
            messageFormat: "'{0}' can take a CancellationToken; pass '{1}' so it stops when the caller is cancelled",
            RuleCategories.Cancellation,
            DiagnosticSeverity.Info,
            description: "A coroutine that was handed a cancellation token should pass it on to the work it awaits; otherwise "
                + "cancelling it stops the caller's own steps but not the calls it is waiting for.");

        /// <summary>Property key: the name of the token to pass.</summary>
        internal const string TokenProperty = "Token";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.CancellationToken is null)
            {
                return;
            }

            var overloads = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, overloads), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<IMethodSymbol, bool> overloads)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            // Only async APIs: a sync call with a token overload (semaphore.Wait(), task.Wait()) is a blocking call, which
            // ASYNC010/ASYNC031 report with the right fix; passing it a token would still block. Async streams are ASYNC021's.
            if (!symbols.IsTaskLike(method.ReturnType))
            {
                return;
            }

            // Cheap questions first: does the call take a token already, could it take one at all?
            var couldTakeToken = false;
            foreach (var argument in invocation.Arguments)
            {
                if (symbols.IsCancellationToken(argument.Parameter?.Type))
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        return; // passed, explicitly
                    }

                    couldTakeToken = true;
                }
            }

            if (!couldTakeToken && !overloads.GetOrAdd(method, m => HasTokenOverload(m, symbols)))
            {
                return;
            }

            if (!AsyncContext.IsOnAsyncPath(invocation, context.ContainingSymbol) || AsyncContext.IsInNameOf(invocation) || IsAsyncStreamProducer(invocation)
                || invocation.SemanticModel is not { } semanticModel)
            {
                return;
            }

            var token = CancellationTokens.FindInScope(semanticModel, invocation.Syntax.SpanStart, symbols, context.CancellationToken);
            if (token is null
                || (!couldTakeToken && TokenOverload(method, symbols) is { } overload && !semanticModel.IsAccessible(invocation.Syntax.SpanStart, overload)))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token.Name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, token.Name));
        }

        /// <summary>An overload with the same parameters and one more, trailing CancellationToken.</summary>
        internal static bool HasTokenOverload(IMethodSymbol method, KnownSymbols symbols) => TokenOverload(method, symbols) is not null;

        internal static IMethodSymbol? TokenOverload(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.ContainingType is null)
            {
                return null;
            }

            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate || candidate.IsStatic != method.IsStatic || candidate.Parameters.Length != method.Parameters.Length + 1
                    || IsObsolete(candidate)
                    || candidate.Arity != method.Arity || !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < method.Parameters.Length && same; i++)
                {
                    same = method.Parameters[i].RefKind == candidate.Parameters[i].RefKind
                        && SymbolEqualityComparer.Default.Equals(method.Parameters[i].OriginalDefinition.Type, candidate.Parameters[i].OriginalDefinition.Type);
                }

                if (same)
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool IsObsolete(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The stream of an <c>await foreach</c> (directly, or through WithCancellation/ConfigureAwait) is ASYNC021's to report.</summary>
        private static bool IsAsyncStreamProducer(IOperation operation)
        {
            var current = operation;
            while (true)
            {
                switch (current.Parent)
                {
                    case IConversionOperation conversion:
                        current = conversion;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "WithCancellation" or "ConfigureAwait" } wrapper when wrapper.Instance == current:
                        current = wrapper;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WithCancellation" or "ConfigureAwait", IsExtensionMethod: true } } extension } argument
                        when extension.Arguments.Length > 0 && extension.Arguments[0] == argument:
                        current = extension;
                        continue;
                }

                break;
            }

            return current.Parent is IForEachLoopOperation { IsAsynchronous: true } loop && loop.Collection == current;
        }
    }
}
