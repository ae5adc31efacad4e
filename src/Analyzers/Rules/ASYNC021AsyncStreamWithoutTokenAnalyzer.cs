using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC021: <c>await foreach</c> over a stream while a <c>CancellationToken</c> is in scope, and the token reaches the stream
    /// neither as an argument of the producing call nor via <c>WithCancellation</c>. The stream is a call in the loop header, a
    /// parameter, or a local set from such calls or parameters. Cancelling the coroutine then leaves the stream running until
    /// its next item.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC021AsyncStreamWithoutTokenAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.AsyncStreamWithoutToken,
            title: "Pass the cancellation token to the async stream",
            messageFormat: "The async stream from '{0}' is enumerated without '{1}': cancelling does not reach the stream; pass the token to the call or with 'WithCancellation'",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "An async iterator pauses at each await between items. If the token in scope never reaches it, cancelling "
                + "the consumer does not stop the producer: it goes on to its next item, however long that takes.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.IAsyncEnumerableOfT is null || symbols.CancellationToken is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeLoop(c, symbols), OperationKind.Loop);
        }

        private static void AnalyzeLoop(OperationAnalysisContext context, KnownSymbols symbols)
        {
            if (context.Operation is not IForEachLoopOperation { IsAsynchronous: true } loop || loop.SemanticModel is not { } semanticModel)
            {
                return;
            }

            // A producing call in the loop header is judged by its arguments; a stream held in a parameter can get the token
            // only here; a local is judged by the call it was made with (which may have had the token).
            var producer = AsyncStreams.Producer(loop.Collection, symbols, out var withCancellation);
            if (withCancellation || !symbols.IsAsyncStream(producer.Type) || !IsWithoutToken(producer, symbols, out var name))
            {
                return;
            }

            var token = CancellationTokens.FindInScope(semanticModel, loop.Collection.Syntax.SpanStart, symbols, context.CancellationToken);
            if (token is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, producer.Syntax.GetLocation(), name, token.Name));
        }

        /// <summary>
        /// A call that passes no token; a parameter of an enclosing function (whoever made the stream, this enumeration is the
        /// only place this call's token can reach it); or a local of this function whose every assignment is such a call or
        /// parameter. A field, or a local that is also passed by reference or set some other way, may have the token: silent.
        /// </summary>
        private static bool IsWithoutToken(IOperation producer, KnownSymbols symbols, out string name)
        {
            switch (producer)
            {
                case IInvocationOperation call:
                    name = call.TargetMethod.Name;
                    return !AsyncStreams.PassesToken(call, symbols);
                case IParameterReferenceOperation parameter:
                    name = parameter.Parameter.Name;
                    return IsFunctionParameter(parameter);
                case ILocalReferenceOperation local:
                    name = local.Local.Name;
                    return IsSetOnlyWithoutToken(local, symbols);
                default:
                    name = string.Empty;
                    return false;
            }
        }

        /// <summary>A parameter of a method, local function or lambda; a primary-constructor parameter is the object's, like a field.</summary>
        private static bool IsFunctionParameter(IParameterReferenceOperation parameter)
            => parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: not MethodKind.Constructor };

        private static bool IsSetOnlyWithoutToken(ILocalReferenceOperation read, KnownSymbols symbols)
        {
            var root = OperationFacts.TreeRoot(read);

            var assigned = false;
            foreach (var operation in root.Descendants())
            {
                IOperation? value;
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, read.Local):
                        value = declarator.Initializer?.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, read.Local):
                        value = assignment.Value;
                        break;
                    case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, read.Local)
                        && other.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } or IDeclarationExpressionOperation or IDeconstructionAssignmentOperation or ITupleOperation:
                        return false;
                    default:
                        continue;
                }

                if (value is null)
                {
                    continue;
                }

                var source = AsyncStreams.Producer(value, symbols, out var withCancellation);
                if (withCancellation || !(source is IInvocationOperation call ? !AsyncStreams.PassesToken(call, symbols) : source is IParameterReferenceOperation parameter && IsFunctionParameter(parameter)))
                {
                    return false;
                }

                assigned = true;
            }

            return assigned;
        }
    }
}
