;;; e2e.el --- End-to-end checks of klong-lsp in a real Emacs -*- lexical-binding: t -*-

;;; Commentary:

;; Run by editors/test/run.sh in an interactive `emacs -nw' on a pseudo-terminal, after the
;; init file that holds a recipe of docs/lsp.md, as a user's would.  Once Emacs has started it
;; does what a user does, through keys: opens the sample file (C-x C-f), reads the
;; diagnostics flymake shows, hovers f:>3 (eglot: the eldoc buffer; lsp-mode: M-x
;; lsp-describe-thing-at-point), goes to a definition (M-.) and completes \nab (C-M-i).
;; Writes one line per check to $KLONG_E2E_LOG; exits 0 only if every check passed.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

;; Native compilation (Emacs 28 on Debian) would compile eglot, lsp-mode and their
;; libraries in the background into the fresh home of every run: slow, and its warnings
;; open a window.
(defvar native-comp-deferred-compilation)
(defvar native-comp-async-report-warnings-errors)
(setq native-comp-deferred-compilation nil
      native-comp-async-report-warnings-errors nil)

(defvar klong-e2e--failed 0)
(defvar klong-e2e--ran nil "The checks that ran.")
(defvar klong-e2e--start (float-time))
(defvar klong-e2e--prompts nil "What lsp-mode asked (read-key), answered with i.")
(defvar flymake-mode)
(defvar eglot--managed-mode)
(defvar lsp-mode)
(declare-function flymake-diagnostics "flymake" (&optional beg end))
(declare-function flymake-diagnostic-beg "flymake" (diag))
(declare-function flymake-diagnostic-end "flymake" (diag))
(declare-function flymake-diagnostic-text "flymake" (diag))
(declare-function lsp-workspaces "lsp-mode" ())

(defun klong-e2e--say (format-string &rest args)
  "Append FORMAT-STRING with ARGS, and a newline, to the log."
  (write-region (concat (apply #'format format-string args) "\n") nil
                (getenv "KLONG_E2E_LOG") 'append 'quiet))

(defvar klong-e2e--in-command nil "Whether the command loop is running a command.")
(add-hook 'pre-command-hook (lambda () (setq klong-e2e--in-command t)))
(add-hook 'post-command-hook (lambda () (setq klong-e2e--in-command nil)))

(defun klong-e2e--keys (keys)
  "Type KEYS (a `kbd' string), as a user does: the command loop runs them."
  (setq unread-command-events
        (append unread-command-events (listify-key-sequence (kbd keys))))
  ;; a recursive edit runs them (with their pre- and post-command hooks) and is left once
  ;; they are done: from a timer, when no command runs (a command that waits for its
  ;; server lets timers run too)
  (let* ((depth (1+ (recursion-depth)))
         (timer (run-with-timer 0.05 0.05
                                (lambda ()
                                  (when (and (null unread-command-events)
                                             (not klong-e2e--in-command)
                                             (= (recursion-depth) depth))
                                    (exit-recursive-edit)))))
         (limit (run-with-timer 30 nil (lambda ()
                                         (throw 'klong-e2e--stuck
                                                (format "recursion depth %d" (recursion-depth)))))))
    (unwind-protect
        (let ((stuck (catch 'klong-e2e--stuck (recursive-edit) nil)))
          (when stuck
            (error "%s: still running after 30 s (%s, buffer %s, %s)"
                   keys stuck (buffer-name) (current-message))))
      (cancel-timer timer)
      (cancel-timer limit))))

(defun klong-e2e--wait (what seconds predicate)
  "Wait up to SECONDS for PREDICATE (timers and servers run); fail with WHAT."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (sit-for 0.05))
    (or (funcall predicate)
        (error "Timed out waiting for %s%s" what
               (if (bound-and-true-p flymake-mode)
                   (format " (flymake shows %S)" (klong-e2e--diagnostics))
                 "")))))

(defun klong-e2e--diagnostics ()
  "The diagnostics flymake shows: (LINE COL END-LINE END-COL TEXT) each."
  (mapcar (lambda (d)
            (append (klong-e2e--line-col (flymake-diagnostic-beg d))
                    (klong-e2e--line-col (flymake-diagnostic-end d))
                    (list (flymake-diagnostic-text d))))
          (flymake-diagnostics)))

(defun klong-e2e--line-col (pos)
  "(LINE COL) of POS, both from 0."
  (save-excursion (goto-char pos) (list (1- (line-number-at-pos)) (current-column))))

(defmacro klong-e2e--check (name &rest body)
  "Run BODY as check NAME (open, or one of $KLONG_E2E_FEATURES); log the outcome."
  (declare (indent 1))
  `(when (or (equal ,name "open")
             (member ,name (split-string (or (getenv "KLONG_E2E_FEATURES") "") ",")))
     (let ((t0 (float-time)))
       (condition-case err
           (progn (push ,name klong-e2e--ran)
                  ,@body
                  (klong-e2e--say "ok   %-12s %5d ms" ,name (* 1000 (- (float-time) t0))))
         (error
          (setq klong-e2e--failed (1+ klong-e2e--failed))
          (klong-e2e--say "FAIL %-12s %5d ms: %s" ,name (* 1000 (- (float-time) t0))
                          (error-message-string err)))))))

(defun klong-e2e--client ()
  "The LSP client that manages the buffer: eglot or lsp-mode, or nil."
  (cond ((bound-and-true-p eglot--managed-mode) 'eglot)
        ((and (bound-and-true-p lsp-mode) (lsp-workspaces)) 'lsp-mode)))

(defun klong-e2e--run ()
  "Every check, then exit."
  (let ((file (getenv "KLONG_E2E_FILE"))
        (lsp-client (string-match-p "lsp-mode" (getenv "KLONG_E2E_RECIPE"))))
    (klong-e2e--check "open"
      ;; lsp-mode asks for the project root of a file it does not know; the user says i
      (cl-letf (((symbol-function 'read-key)
                 (lambda (&optional prompt &rest _)
                   (push prompt klong-e2e--prompts)
                   ?i)))
        (klong-e2e--keys (concat "C-x C-f " file " RET"))
        (unless (eq major-mode 'klong-mode)
          (error "The buffer's mode is %s" major-mode))
        (klong-e2e--wait "the server" 30 #'klong-e2e--client))
      (when lsp-client
        (unless (and klong-e2e--prompts
                     (string-match-p "not part of any project" (car klong-e2e--prompts)))
          (error "lsp-mode did not ask for the project root: %S" klong-e2e--prompts)))
      (klong-e2e--say "     (%s)" (klong-e2e--client)))
    (unless (klong-e2e--client)
      (klong-e2e--finish))
    (klong-e2e--check "diagnostics"
      ;; line 3 `c::3 4': a syntax error on the second operand; line 4 `h::nope+1': nope is
      ;; undefined; line 6 `e::"a"+1': a type error when evaluated, which shows that the
      ;; recipe's settings (liveEvaluation) reached the server; nothing anywhere else
      (let ((want '((3 5 3 6 "syntax error") (4 3 4 7 "nope") (6 nil nil nil "type error"))))
        ;; flymake starts after the command that turned it on (here C-x C-f, where eglot
        ;; connects) and the next one: the user moves
        (klong-e2e--keys "M-<")
        (klong-e2e--wait "the diagnostics" 30
                         (lambda ()
                           (cl-every (lambda (w)
                                       (cl-some (lambda (d)
                                                  (and (cl-every (lambda (x y) (or (null x) (eql x y)))
                                                                 (butlast w) (butlast d))
                                                       (string-match-p (car (last w))
                                                                       (car (last d)))))
                                                (klong-e2e--diagnostics)))
                                     want)))
        (dolist (d (klong-e2e--diagnostics))
          (unless (memq (car d) '(3 4 6))
            (error "Unexpected diagnostic: %S" d)))))
    (klong-e2e--check "hover"
      (klong-e2e--keys "M-< C-n C-n C-f")   ; on f:>3
      (let ((text
             (if lsp-client
                 (progn (klong-e2e--keys "M-x lsp-describe-thing-at-point RET")
                        (klong-e2e--wait "*lsp-help*" 30 (lambda () (get-buffer "*lsp-help*")))
                        (with-current-buffer "*lsp-help*" (buffer-string)))
               ;; eglot shows the hover in the echo area (eldoc) when point rests there,
               ;; all of it in the buffer of M-x eldoc-doc-buffer
               (let (seen)
                 (klong-e2e--wait "eldoc" 30
                                  (lambda ()
                                    (setq seen (or (current-message) seen))
                                    (and seen (string-match-p "f:>3" seen))))
                 (klong-e2e--keys "M-x eldoc-doc-buffer RET")
                 (let ((shown (cl-find-if (lambda (w)
                                            (string-match-p "eldoc"
                                                            (buffer-name (window-buffer w))))
                                          (window-list))))
                   (unless shown
                     (error "No eldoc buffer shown"))
                   (with-current-buffer (window-buffer shown) (buffer-string)))))))
        (unless (and (string-match-p "f:>3" text) (string-match-p "6\\.0" text))
          (error "Hover text: %S" text))))
    ;; back to the file, as the only window
    (switch-to-buffer (get-file-buffer file))
    (delete-other-windows)
    (klong-e2e--check "definition"
      ;; f in k::g(f(3)); f is used on line 0 before it is defined on line 1
      (goto-char (point-min))
      (forward-line 5)
      (forward-char 5)
      (klong-e2e--keys "M-.")
      (klong-e2e--wait "point to move to f's definition" 30
                       (lambda () (equal (klong-e2e--line-col (point)) '(1 0)))))
    (klong-e2e--check "completion"
      (klong-e2e--keys "M-> y : : \\ n a b")
      (sit-for 1)                         ; a pause, as a user's, before asking
      (klong-e2e--keys "C-M-i")
      (sit-for 0.5)                       ; the exit function's edit
      (let ((line (buffer-substring (line-beginning-position) (line-end-position))))
        (unless (equal line "y::∇")
          (error "After completing: %S" line))))
    (klong-e2e--finish)))

(defun klong-e2e--finish ()
  "Log the summary and exit."
  (dolist (feature (cons "open" (split-string (getenv "KLONG_E2E_FEATURES") ",")))
    (unless (member feature klong-e2e--ran)
      (setq klong-e2e--failed (1+ klong-e2e--failed))
      (klong-e2e--say "FAIL %-12s did not run" feature)))
  (klong-e2e--say "%s: %d failed, %.1f s" (getenv "KLONG_E2E_RECIPE") klong-e2e--failed
                  (- (float-time) klong-e2e--start))
  (kill-emacs (if (zerop klong-e2e--failed) 0 1)))

;; once the command loop runs (idle timers, as for a user)
(run-with-timer 0.2 nil
                (lambda ()
                  (condition-case err
                      (klong-e2e--run)
                    (error (klong-e2e--say "FAIL %s" (error-message-string err))
                           (kill-emacs 1)))))

(provide 'e2e)
;;; e2e.el ends here
