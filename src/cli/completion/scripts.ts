// The completion scripts `eks-login completion bash|zsh|fish` prints. Each asks `eks-login --get-yargs-completions
// <the words up to the cursor>` (run.ts answers: commands and flags from yargs, context and bundle names from the
// files) and tells the shell which one is asking through SHELL, so zsh gets `name:description` and fish
// `name<TAB>description`.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `###-begin-eks-login-completions-###
# eks-login completion for bash. Install: eks-login completion bash >> ~/.bashrc
_eks_login_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n'
  local candidates
  candidates=$(SHELL=bash eks-login --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  return 0
}
complete -o bashdefault -o default -F _eks_login_completions eks-login
###-end-eks-login-completions-###
`;

// compdef needs compinit; on a zsh without it, compctl (zsh's older completion, always there) does the job.
const ZSH = `#compdef eks-login
###-begin-eks-login-completions-###
# eks-login completion for zsh. Install: eks-login completion zsh >> ~/.zshrc
# (with compinit: or save it as _eks-login in a directory of your fpath)
_eks_login_candidates() {
  SHELL=\${EKS_LOGIN_COMPLETION_SHELL:-zsh} eks-login --get-yargs-completions "$@" 2>/dev/null
}
_eks_login() {
  local -a candidates
  candidates=("\${(@f)$(_eks_login_candidates "\${(@)words[1,CURRENT]}")}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then _describe 'values' candidates; else _files; fi
}
_eks_login_compctl() {
  local -a words
  read -cA words
  reply=("\${(@f)$(EKS_LOGIN_COMPLETION_SHELL=plain _eks_login_candidates "\${(@)words}")}")
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _eks_login "$@"
elif (( \${+functions[compdef]} )); then
  compdef _eks_login eks-login
else
  compctl -K _eks_login_compctl eks-login
fi
###-end-eks-login-completions-###
`;

const FISH = `###-begin-eks-login-completions-###
# eks-login completion for fish. Install: eks-login completion fish > ~/.config/fish/completions/eks-login.fish
function __eks_login_complete
    env SHELL=fish eks-login --get-yargs-completions (commandline -opc) (commandline -ct) 2>/dev/null
end
complete -c eks-login -f -a '(__eks_login_complete)'
###-end-eks-login-completions-###
`;

export const COMPLETION_SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };
