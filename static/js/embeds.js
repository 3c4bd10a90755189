// Video embeds load their provider's player only when the reader asks for it
// (templates/blocks/embed_block.html): until then the page makes no request to
// the provider. Without JavaScript the button stays hidden and the link remains.
(() => {
  for (const embed of document.querySelectorAll("[data-embed]:not([data-embed-ready])")) {
    embed.dataset.embedReady = "";
    const button = embed.querySelector("[data-embed-load]");
    const player = embed.querySelector("[data-embed-player]");
    button.hidden = false;
    button.addEventListener("click", () => {
      const frame = document.createElement("div");
      frame.className = "embed__player";
      frame.style.aspectRatio = `${player.dataset.width} / ${player.dataset.height}`;
      frame.append(player.content.cloneNode(true));
      embed.querySelector("[data-embed-placeholder]").replaceWith(frame);
      const iframe = frame.querySelector("iframe");
      if (iframe) iframe.focus();
    });
  }
})();
