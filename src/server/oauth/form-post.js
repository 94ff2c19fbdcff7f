/* global document */
// Submits the form_post page's form (form-post.ts): a file, so the page needs no inline script.
document.getElementById('form-post')?.submit();
