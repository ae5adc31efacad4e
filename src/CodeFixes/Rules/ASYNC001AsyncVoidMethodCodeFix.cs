using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC001 fix: <c>async void M()</c> → <c>async Task M()</c>. Calls stay as they are (awaiting them would change when
    /// the caller goes on; CS4014 or ASYNC003 then points at each one). Not offered when the method is used as a method group
    /// (a delegate, a callback, an event: <c>Task</c> would not convert, CS0407) or its signature is fixed from elsewhere
    /// (virtual, abstract, partial, extern).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC001AsyncVoidMethodCodeFix))]
    public sealed class ASYNC001AsyncVoidMethodCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.AsyncVoidMethod);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.AsyncVoidMethod;

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || semanticModel.GetDeclaredSymbol(node, cancellationToken) is not IMethodSymbol { IsAsync: true, ReturnsVoid: true } method
                || Signatures.IsReturnTypeFixed(method)
                || await MakeAsync.CallersToAwaitAsync(document, node, method, isIterator: false, semanticModel, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }

            return "Return Task";
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            editor.ReplaceNode(node, (current, _) => current switch
            {
                MethodDeclarationSyntax method => method.WithReturnType(MakeAsync.QualifiedTask(null).WithTriviaFrom(method.ReturnType)),
                LocalFunctionStatementSyntax local => local.WithReturnType(MakeAsync.QualifiedTask(null).WithTriviaFrom(local.ReturnType)),
                _ => current,
            });
        }
    }
}
