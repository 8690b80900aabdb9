import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './style.css';
import { href, useRoute, type Route } from './router';
import { HomePage } from './pages/home';
import { DocumentPage } from './pages/document';
import { AnalyzePage } from './pages/analyze';
import { SearchPage } from './pages/search';
import { EntityPage, EntitiesPage } from './pages/entity';
import { StoriesPage, StoryPage } from './pages/stories';
import type { JSX } from 'preact';

/** The pages by the first part of the address. */
const PAGES: Record<string, (route: Route) => JSX.Element> = {
  '': (r) => <HomePage offset={Number(r.params.get('offset') ?? 0) || 0} />,
  doc: (r) => <DocumentPage id={Number(r.path[1])} at={r.params.get('at') ?? undefined} />,
  analyze: () => <AnalyzePage />,
  search: (r) => <SearchPage params={r.params} />,
  entities: (r) => <EntitiesPage params={r.params} />,
  entity: (r) => <EntityPage id={Number(r.path[1])} />,
  stories: (r) => <StoriesPage params={r.params} />,
  story: (r) => <StoryPage id={r.path[1] ?? ''} />,
};

function App(): JSX.Element {
  const route = useRoute();
  const page = PAGES[route.path[0] ?? ''];
  useEffect(() => window.scrollTo(0, 0), [route.path.join('/')]);
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">
          saksi
        </a>
        <nav>
          <a href={href('/analyze')}>Analyse</a>
          <a href={href('/search')}>Search</a>
          <a href={href('/stories')}>Stories</a>
          <a href={href('/entities')}>Entities</a>
        </nav>
      </header>
      <main>{page ? page(route) : <p class="error">No such page. <a href="#/">Home</a></p>}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
