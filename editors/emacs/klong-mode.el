;;; klong-mode.el --- Major mode for the Klong array language -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; URL: https://github.com/klong/klong (editors/emacs)

;;; Commentary:

;; A major mode for Klong files (*.kg): syntax table, strings "..." and comments :"..."
;; (with "" standing for a quote inside either), font-lock, imenu, and the language server
;; klong-lsp registered with eglot and with lsp-mode, whichever is loaded:
;;
;;   (add-to-list 'load-path "/path/to/klong/editors/emacs")
;;   (require 'klong-mode)
;;   (add-hook 'klong-mode-hook #'eglot-ensure)     ; or #'lsp-deferred
;;
;; The server's settings go in `klong-lsp-settings'.  See README.md in this folder and
;; docs/lsp.md.

;;; Code:

(require 'prog-mode)

(defgroup klong nil
  "Klong, an array language."
  :group 'languages
  :prefix "klong-")

(defcustom klong-lsp-command '("klong-lsp")
  "The language server's command line (program and arguments)."
  :type '(repeat string))

(defcustom klong-lsp-settings nil
  "The language server's settings, a plist without the `klong' level.
For example (:liveEvaluation \"onSave\" :evaluation (:timeout 5));
docs/lsp.md lists the settings.  Sent as `initializationOptions'."
  :type 'plist)

;;;; Syntax

(defvar klong-mode-syntax-table
  (let ((st (make-syntax-table)))
    ;; names are letters, digits and dots (.p, a.b); `_' is a verb
    (modify-syntax-entry ?. "_" st)
    (modify-syntax-entry ?_ "." st)
    ;; quotes have no syntax of their own: `klong--syntax-propertize' marks where strings
    ;; and comments start and end (a "" inside either is a quote, not an end)
    (modify-syntax-entry ?\" "." st)
    ;; the backslash is an adverb, not an escape
    (modify-syntax-entry ?\\ "." st)
    (dolist (c (string-to-list "!#$%&*+,-<=>?@^|~:;'/∇∂˙"))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table for `klong-mode'.")

(defconst klong--token-regexp
  (concat "0c\\(?:.\\|\n\\)"                       ; character: 0c" is a quote
          "\\|[A-Za-z.][A-Za-z0-9.]*\\(?:::\\)?"  ; name, name:: (0c inside a name)
          "\\|::"                                  ; assignment: ::" is :: then a string
          "\\|:\""                                 ; comment
          "\\|\"")                                 ; string
  "The tokens that decide where strings and comments start.")

(defun klong--quote-end (limit)
  "Move past the quote that ends the string or comment point is in, before LIMIT.
Return nil, at LIMIT, when it is not closed."
  (let (done)
    (while (and (not done) (search-forward "\"" limit 'move))
      (if (eq (char-after) ?\")
          (forward-char 1)
        (setq done t)))
    done))

(defun klong--syntax-propertize (start end)
  "Mark the strings and comments between START and END with syntax properties."
  (goto-char start)
  (let ((open (nth 8 (syntax-ppss))))          ; a string or comment that spans START
    (when open (goto-char open)))
  (while (and (< (point) end) (re-search-forward klong--token-regexp end t))
    (let ((token (match-string-no-properties 0))
          (beg (match-beginning 0)))
      (cond
       ((equal token ":\"")
        (put-text-property beg (1+ beg) 'syntax-table (string-to-syntax "!"))
        (when (klong--quote-end (point-max))
          (put-text-property (1- (point)) (point) 'syntax-table (string-to-syntax "!"))))
       ((equal token "\"")
        (put-text-property beg (1+ beg) 'syntax-table (string-to-syntax "|"))
        (when (klong--quote-end (point-max))
          (put-text-property (1- (point)) (point) 'syntax-table
                             (string-to-syntax "|"))))))))

;;;; Font lock

(defconst klong--name "[A-Za-z.][A-Za-z0-9.]*")

(defvar klong-font-lock-keywords
  `(;; f::{...} defines a function, a::... a variable
    (,(concat "\\(" klong--name "\\)::[ \t]*{") 1 font-lock-function-name-face)
    (,(concat "\\(" klong--name "\\)::") 1 font-lock-variable-name-face)
    ;; system functions and variables: .p .jacobian .a
    (,(concat "\\_<\\.[A-Za-z][A-Za-z0-9.]*") . font-lock-builtin-face)
    ;; symbols :foo (not the second colon of ::)
    (,(concat "\\(?:^\\|[^:]\\)\\(:" klong--name "\\)") 1 font-lock-constant-face)
    ;; characters 0cx, numbers
    ("\\_<0c." . font-lock-string-face)
    ("\\_<[0-9]+\\(?:\\.[0-9]*\\)?\\(?:e[-+]?[0-9]+\\)?" . font-lock-constant-face)
    ;; adverbs, conditionals, autograd verbs
    ("\\\\[~*]?\\|:[~*'\\\\/]\\|'\\|/" . font-lock-keyword-face)
    (":\\[\\|:|" . font-lock-keyword-face)
    ("[∇∂˙]\\|:>" . font-lock-builtin-face))
  "Font-lock keywords for `klong-mode' (strings and comments come from the syntax).")

;;;; The mode

;;;###autoload
(define-derived-mode klong-mode prog-mode "Klong"
  "Major mode for Klong, an array language.

\\{klong-mode-map}"
  :syntax-table klong-mode-syntax-table
  (setq-local syntax-propertize-function #'klong--syntax-propertize)
  (setq-local font-lock-defaults '(klong-font-lock-keywords))
  (setq-local comment-start ":\"")
  (setq-local comment-end "\"")
  (setq-local comment-start-skip ":\"+[ \t]*")
  (setq-local comment-end-skip "[ \t]*\"")
  (setq-local comment-use-syntax t)
  ;; a line is indented like the one before; never a tab at point (lsp-mode indents the
  ;; line after a completion that ends the buffer)
  (setq-local indent-line-function #'indent-relative-first-indent-point)
  (setq-local imenu-generic-expression
              `((nil ,(concat "^\\(" klong--name "\\)::") 1))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.kg\\'" . klong-mode))

;;;; Language server: eglot

(defvar eglot-server-programs)

(defun klong--eglot-contact (&optional _interactive)
  "The command eglot starts, with `klong-lsp-settings' as initialization options."
  (append klong-lsp-command
          (and klong-lsp-settings (list :initializationOptions klong-lsp-settings))))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(klong-mode . klong--eglot-contact)))

;;;; Language server: lsp-mode

(defvar lsp-language-id-configuration)
(declare-function lsp-register-client "lsp-mode" (client))
(declare-function make-lsp-client "lsp-mode" (&rest args))
(declare-function lsp-stdio-connection "lsp-mode" (command &optional test-command))
(declare-function lsp-activate-on "lsp-mode" (&rest languages))
(declare-function lsp-completion-at-point "lsp-completion" ())

(defun klong-lsp-completion-at-point ()
  "`lsp-completion-at-point', but a sole candidate also gets the server's edit.
lsp-mode never tells `completion-at-point' that a candidate is complete, so
a sole candidate is inserted as labelled (an input sequence, not its glyph)
and the edit the server sent with it is not applied.  Here a candidate that
is in the list counts as complete, so its exit function applies the edit."
  (let ((capf (lsp-completion-at-point)))
    (when capf
      (let ((table (nth 2 capf)))
        (append (list (nth 0 capf) (nth 1 capf)
                      (lambda (probe pred action)
                        (if (eq action 'lambda)
                            (and (member probe (funcall table probe pred t)) t)
                          (funcall table probe pred action))))
                (nthcdr 3 capf))))))

(defun klong--lsp-completion-setup ()
  "Use `klong-lsp-completion-at-point' in Klong buffers."
  (when (and (derived-mode-p 'klong-mode)
             (memq #'lsp-completion-at-point completion-at-point-functions))
    (setq-local completion-at-point-functions
                (cons #'klong-lsp-completion-at-point
                      (remq #'lsp-completion-at-point completion-at-point-functions)))))

(with-eval-after-load 'lsp-mode
  (add-to-list 'lsp-language-id-configuration '(klong-mode . "klong"))
  (lsp-register-client
   (make-lsp-client :new-connection (lsp-stdio-connection (lambda () klong-lsp-command))
                    :activation-fn (lsp-activate-on "klong")
                    :initialization-options (lambda () klong-lsp-settings)
                    :server-id 'klong-lsp))
  (add-hook 'lsp-completion-mode-hook #'klong--lsp-completion-setup))

(provide 'klong-mode)
;;; klong-mode.el ends here
